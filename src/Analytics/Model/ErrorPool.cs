using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Model;

/// <summary>
/// Prediction errors pooled as they come, without an object per run: the figures of <see cref="ModelComparison.Pool"/>,
/// summed in the same order as its averages (Enumerable.Average's: the relative errors from 0, the others from the first).
/// </summary>
internal sealed class ErrorPool
{
    private double _relativeSum, _errorSum, _absoluteSum;
    private int _count, _relativeCount;

    /// <exception cref="ArgumentException">Either value is NaN or infinite.</exception>
    public void Add(double measured, double predicted)
    {
        var (error, absolute, relative) = PredictionError.Compute(measured, predicted);
        Add(error, absolute, relative);
    }

    public void Add(double error, double absolute, double? relative)
    {
        (_errorSum, _absoluteSum) = _count++ == 0 ? (error, absolute) : (_errorSum + error, _absoluteSum + absolute);
        if (relative is { } r)
        {
            _relativeSum += r;
            _relativeCount++;
        }
    }

    public ModelError Result() => _count == 0
        ? new ModelError(0, 0, null, null, null)
        : new ModelError(
            _count,
            _relativeCount,
            _relativeCount > 0 ? Samples.Finite(_relativeSum / _relativeCount) : null,
            Samples.Finite(_errorSum / _count),
            Samples.Finite(_absoluteSum / _count));
}
