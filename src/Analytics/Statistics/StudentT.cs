namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// Student's t distribution with ν &gt; 0 degrees of freedom (ν need not be an integer, which
/// the Welch–Satterthwaite approximation requires). Everything rests on
/// P(T &gt; t) = ½ · I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0; the quantile inverts that numerically.
/// </summary>
public static class StudentT
{
    private const int MaxRootIterations = 200;

    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        ValidateDegreesOfFreedom(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            throw new ArgumentException("t is NaN.", nameof(t));
        }

        var tail = UpperTail(Math.Abs(t), degreesOfFreedom);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The probability density at t.</summary>
    public static double Density(double t, double degreesOfFreedom)
    {
        ValidateDegreesOfFreedom(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            throw new ArgumentException("t is NaN.", nameof(t));
        }

        var nu = degreesOfFreedom;
        var (_, _, logOnePlusR) = SquaredRatio(t, nu);
        return Math.Exp(-SpecialFunctions.LogBeta(nu / 2, 0.5) - 0.5 * Math.Log(nu) - (nu + 1) / 2 * logOnePlusR);
    }

    /// <summary>The t with P(T ≤ t) = probability, for 0 &lt; probability &lt; 1.</summary>
    public static double Quantile(double probability, double degreesOfFreedom)
    {
        ValidateDegreesOfFreedom(degreesOfFreedom);
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(probability), probability, "probability must lie strictly between 0 and 1.");
        }

        if (probability == 0.5)
        {
            return 0;
        }

        // Solve in the upper tail, where the target is not rounded away by 1 − p near p = 1.
        var tail = probability > 0.5 ? 1 - probability : probability;
        var t = UpperTailInverse(tail, degreesOfFreedom);
        return probability > 0.5 ? t : -t;
    }

    /// <summary>
    /// The two-sided critical value t_{1−α/2, ν} for confidence 1 − α,
    /// e.g. 2.228139 for confidence 0.95 and ν = 10.
    /// </summary>
    public static double TwoSidedCritical(double confidence, double degreesOfFreedom)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(confidence), confidence, "confidence must lie strictly between 0 and 1.");
        }

        ValidateDegreesOfFreedom(degreesOfFreedom);
        return UpperTailInverse((1 - confidence) / 2, degreesOfFreedom);
    }

    // P(T > t) for t ≥ 0, with x = 1/(1 + r) and 1 − x = r/(1 + r) formed separately so neither
    // suffers cancellation, and with their logarithms, which stay finite in the far tail where
    // x underflows (ν = 1, p = 1e-300 has t ≈ 3e299).
    private static double UpperTail(double t, double nu)
    {
        if (double.IsPositiveInfinity(t))
        {
            return 0;
        }

        var (r, logR, logOnePlusR) = SquaredRatio(t, nu);
        var finite = double.IsFinite(r);
        return 0.5 * SpecialFunctions.RegularizedIncompleteBeta(
            nu / 2, 0.5,
            x: finite ? 1 / (1 + r) : 0,
            oneMinusX: finite ? r / (1 + r) : 1,
            logX: -logOnePlusR,
            logOneMinusX: logR - logOnePlusR);
    }

    // r = t²/ν with ln r and ln(1 + r), the logarithms finite even where t² overflows
    // (ln(1 + r) = ln r once 1/r is below double precision).
    private static (double R, double LogR, double LogOnePlusR) SquaredRatio(double t, double nu)
    {
        var r = t * t / nu;
        if (double.IsFinite(r))
        {
            return (r, Math.Log(r), SpecialFunctions.Log1P(r));
        }

        var logR = 2 * Math.Log(Math.Abs(t)) - Math.Log(nu);
        return (r, logR, logR);
    }

    // Newton's method on P(T > t) = tail, kept inside a bracket that bisection shrinks
    // whenever a Newton step would leave it; the tail is monotone, so this always converges.
    private static double UpperTailInverse(double tail, double nu)
    {
        double low = 0, high = 1;
        while (UpperTail(high, nu) > tail)
        {
            low = high;
            high *= 2;
        }

        var t = (low + high) / 2;
        for (var i = 0; i < MaxRootIterations; i++)
        {
            var excess = UpperTail(t, nu) - tail;
            if (excess == 0)
            {
                return t;
            }

            (low, high) = excess > 0 ? (t, high) : (low, t);
            var next = t + excess / Density(t, nu);
            if (!(next > low && next < high))
            {
                next = (low + high) / 2;
            }

            if (Math.Abs(next - t) <= 1e-15 * next)
            {
                return next;
            }

            t = next;
        }

        return t;
    }

    private static void ValidateDegreesOfFreedom(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsPositiveInfinity(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(
                nameof(degreesOfFreedom), degreesOfFreedom, "degrees of freedom must be finite and > 0.");
        }
    }
}
