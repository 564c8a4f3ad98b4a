namespace MigrationAspire.Analytics.Statistics;

public static partial class SpecialFunctions
{
    private const int MaxContinuedFractionTerms = 100_000;
    // One unit in the last place of 1.0: the fraction has converged once a step no longer moves it.
    private const double Epsilon = 2.3e-16;
    private const double TinyDenominator = 1e-300;

    /// <summary>The regularized incomplete beta function I_x(a, b) for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(x >= 0 && x <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must lie in [0, 1].");
        }

        return RegularizedIncompleteBeta(a, b, x, 1 - x, Math.Log(x), Math.Log(1 - x));
    }

    /// <summary>
    /// I_x(a, b) with 1 − x and both logarithms supplied by the caller, who can often compute
    /// them without the cancellation 1 − x suffers near x = 1, or where x itself underflows
    /// (the far Student t tails need both).
    /// </summary>
    internal static double RegularizedIncompleteBeta(
        double a, double b, double x, double oneMinusX, double logX, double logOneMinusX)
    {
        if (!(a > 0) || double.IsPositiveInfinity(a))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "a must be finite and > 0.");
        }

        if (!(b > 0) || double.IsPositiveInfinity(b))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be finite and > 0.");
        }

        if (double.IsNegativeInfinity(logX))
        {
            return 0;
        }

        if (double.IsNegativeInfinity(logOneMinusX))
        {
            return 1;
        }

        var logFront = a * logX + b * logOneMinusX - LogBeta(a, b);
        var front = Math.Exp(logFront);

        // The continued fraction converges fast only on this side of the mean; use the
        // symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - front * ContinuedFraction(b, a, oneMinusX) / b;
    }

    // Numerical Recipes' betacf: the continued fraction for I_x(a, b), by the modified Lentz method.
    private static double ContinuedFraction(double a, double b, double x)
    {
        var sum = a + b;
        var plusOne = a + 1;
        var minusOne = a - 1;
        var c = 1.0;
        var d = NonZero(1 - sum * x / plusOne);
        d = 1 / d;
        var h = d;

        for (var m = 1; m <= MaxContinuedFractionTerms; m++)
        {
            var m2 = 2 * m;
            var even = m * (b - m) * x / ((minusOne + m2) * (a + m2));
            d = 1 / NonZero(1 + even * d);
            c = NonZero(1 + even / c);
            h *= d * c;

            var odd = -(a + m) * (sum + m) * x / ((a + m2) * (plusOne + m2));
            d = 1 / NonZero(1 + odd * d);
            c = NonZero(1 + odd / c);
            var step = d * c;
            h *= step;

            if (Math.Abs(step - 1) <= Epsilon)
            {
                return h;
            }
        }

        throw new ArithmeticException(
            $"Incomplete beta continued fraction did not converge for a = {a}, b = {b}, x = {x}.");
    }

    private static double NonZero(double value) =>
        Math.Abs(value) < TinyDenominator ? TinyDenominator : value;
}
