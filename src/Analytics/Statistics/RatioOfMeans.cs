namespace MigrationAspire.Analytics.Statistics;

/// <summary>The ratio of the means of two independent samples, with a 95 % confidence interval.</summary>
public static class RatioOfMeans
{
    private const double Confidence = 0.95;

    /// <summary>
    /// Fieller's interval: with ā, b̄ the sample means and v_a = s_a²/n_a, v_b = s_b²/n_b the
    /// variances of the means, it is the set of ρ with (ā − ρ·b̄)² ≤ t²·(v_a + ρ²·v_b), i.e.
    /// ρ = [ā·b̄ ± t·√(ā²·v_b + b̄²·v_a − t²·v_a·v_b)] / (b̄² − t²·v_b). The variances are not
    /// pooled: t has the Welch–Satterthwaite degrees of freedom of ā − ρ·b̄ evaluated at the
    /// estimate ρ̂ = ā/b̄, ν = (v_a + ρ̂²v_b)² / (v_a²/(n_a − 1) + ρ̂⁴v_b²/(n_b − 1))
    /// (Tamhane and Logan's choice, as in R's mratios::ttestratio).
    /// <para>
    /// The set is a bounded interval only when b̄ differs significantly from zero
    /// (g = t²·v_b / b̄² &lt; 1). Otherwise, if both means are positive, the interval falls back
    /// to the delta method on the log scale: ρ̂·exp(±t·√(v_a/ā² + v_b/b̄²)), whose
    /// Welch–Satterthwaite ν is algebraically the same as above. Fieller is preferred because
    /// it keeps its coverage when the denominator is noisy, where the delta method does not.
    /// </para>
    /// When neither sample has a negative value the interval is cut at 0, where the ratio's range ends.
    /// Whatever a double cannot hold (a ratio of 1e308 to 1e-308, an interval from overflowing
    /// squares) is null, like what the data do not determine.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static RatioEstimate Estimate(IEnumerable<double> numerator, IEnumerable<double> denominator)
    {
        var estimate = Compute(numerator, denominator);
        return estimate with
        {
            Ratio = Samples.Finite(estimate.Ratio),
            Ci95Low = Samples.Finite(estimate.Ci95Low),
            Ci95High = Samples.Finite(estimate.Ci95High),
            DegreesOfFreedom = Samples.Finite(estimate.DegreesOfFreedom),
        };
    }

    private static RatioEstimate Compute(IEnumerable<double> numerator, IEnumerable<double> denominator)
    {
        var a = Samples.ToFiniteArray(numerator, nameof(numerator));
        var b = Samples.ToFiniteArray(denominator, nameof(denominator));
        var undefined = new RatioEstimate { Method = RatioMethod.None, NA = a.Length, NB = b.Length };
        if (a.Length == 0 || b.Length == 0)
        {
            return undefined;
        }

        var (meanA, varianceA) = Samples.Moments(a);
        var (meanB, varianceB) = Samples.Moments(b);
        if (meanB == 0)
        {
            return undefined;
        }

        var ratio = meanA / meanB;
        var pointOnly = undefined with { Ratio = ratio };
        if (varianceA is not { } sA2 || varianceB is not { } sB2 || !double.IsFinite(ratio))
        {
            return pointOnly;
        }

        var va = sA2 / a.Length;
        var vb = sB2 / b.Length;
        if (va == 0 && vb == 0)
        {
            // Both samples constant: no uncertainty and no degrees of freedom to speak of.
            return pointOnly with { Ci95Low = ratio, Ci95High = ratio, Method = RatioMethod.Fieller };
        }

        var termB = ratio * ratio * vb;
        // With ā = 0 and a constant A both terms vanish; n_b − 1 is the formula's limit there.
        var nu = va + termB == 0
            ? b.Length - 1
            : Math.Pow(va + termB, 2) / (va * va / (a.Length - 1) + termB * termB / (b.Length - 1));
        if (!(nu > 0 && double.IsFinite(nu)))
        {
            // Squares of spreads near ±1e308 overflow the degrees of freedom: no interval.
            return pointOnly;
        }

        var t = StudentT.TwoSidedCritical(Confidence, nu);
        var withNu = pointOnly with { DegreesOfFreedom = nu };

        var denominatorMargin = meanB * meanB - t * t * vb;
        if (denominatorMargin > 0)
        {
            var halfWidth = t * Math.Sqrt(meanA * meanA * vb + meanB * meanB * va - t * t * va * vb);
            var low = (meanA * meanB - halfWidth) / denominatorMargin;
            // A ratio of two means of figures that are never negative (times, bytes, passes) is never negative: a noisy
            // numerator's Fieller set reaching below 0 is cut at 0 rather than reported as [−1.5, 8.5].
            if (low < 0 && a.All(v => v >= 0) && b.All(v => v >= 0))
                low = 0;
            return withNu with
            {
                Ci95Low = low,
                Ci95High = (meanA * meanB + halfWidth) / denominatorMargin,
                Method = RatioMethod.Fieller,
            };
        }

        if (meanA <= 0 || meanB <= 0)
        {
            return pointOnly;
        }

        var logStdError = Math.Sqrt(va / (meanA * meanA) + vb / (meanB * meanB));
        return withNu with
        {
            Ci95Low = ratio * Math.Exp(-t * logStdError),
            Ci95High = ratio * Math.Exp(t * logStdError),
            Method = RatioMethod.DeltaLog,
        };
    }
}
