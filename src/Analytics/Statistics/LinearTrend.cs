namespace MigrationAspire.Analytics.Statistics;

/// <summary>Ordinary least squares of y on x.</summary>
public static class LinearTrend
{
    private const double Confidence = 0.95;

    /// <summary>
    /// slope = Sxy / Sxx, intercept = ȳ − slope·x̄, R² = 1 − SSres / Syy,
    /// SE(slope) = √(SSres / (n − 2) / Sxx), and the 95 % interval slope ± t_{0.975, n−2}·SE.
    /// Sums are taken about the means, so x values with a large offset (timestamps, byte
    /// counts) lose no precision. Undefined quantities are null rather than exceptions, and so
    /// are those beyond a double's range (sums of squares of values near ±1e308).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or a value is NaN or infinite.</exception>
    public static TrendFit Fit(IEnumerable<double> x, IEnumerable<double> y)
    {
        var xs = Samples.ToFiniteArray(x, nameof(x));
        var ys = Samples.ToFiniteArray(y, nameof(y));
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException($"x has {xs.Length} values but y has {ys.Length}; they must pair up.", nameof(y));
        }

        var n = xs.Length;
        var undefined = new TrendFit { N = n };
        if (n < 2)
        {
            return undefined;
        }

        var (meanX, _) = Samples.Moments(xs);
        var (meanY, _) = Samples.Moments(ys);
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = xs[i] - meanX;
            var dy = ys[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (sxx == 0 || !double.IsFinite(sxx) || !double.IsFinite(sxy))
        {
            return undefined;
        }

        var slope = sxy / sxx;
        var residualSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            // Residuals about the means: the same numbers as y − (a + b·x), without the cancellation.
            var residual = ys[i] - meanY - slope * (xs[i] - meanX);
            residualSum += residual * residual;
        }

        var fit = undefined with
        {
            Slope = Samples.Finite(slope),
            Intercept = Samples.Finite(meanY - slope * meanX),
            RSquared = syy > 0 && double.IsFinite(syy) ? Samples.Finite(Math.Max(0, 1 - residualSum / syy)) : null,
        };
        if (n < 3)
        {
            return fit;
        }

        var stdError = Math.Sqrt(residualSum / (n - 2) / sxx);
        var halfWidth = StudentT.TwoSidedCritical(Confidence, n - 2) * stdError;
        return fit with
        {
            SlopeStdError = Samples.Finite(stdError),
            SlopeCi95Low = Samples.Finite(slope - halfWidth),
            SlopeCi95High = Samples.Finite(slope + halfWidth),
        };
    }
}
