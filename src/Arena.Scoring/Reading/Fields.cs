using System.Globalization;
using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>Parses one cleaned field; a failure carries the error code and a message that quotes only the given text.</summary>
internal static class Fields
{
    public readonly record struct Problem(string Code, string Message);

    /// <summary>
    /// Sep's parser (csFastFloat, correctly rounded) on a plain field, falling back to the careful path for quoted
    /// fields and for anything it rejects, so that error messages stay the same.
    /// </summary>
    public static Problem? FastNumber(SepReader.Col col, NumberRule rule, out double value)
    {
        if (col.Span is [not '"', ..] && col.TryParse<double>() is { } fast && double.IsFinite(fast) && rule.Allows(fast))
        {
            value = fast;
            return null;
        }
        if (!CsvFile.TryClean(col.Span, out var text))
        {
            value = 0;
            return new(ErrorCodes.UnterminatedQuote, "the quoted value has no closing quote");
        }
        return rule switch
        {
            NumberRule.Probability => Probability(text, out value),
            NumberRule.NonNegative => NonNegative(text, out value),
            _ => Number(text, out value),
        };
    }

    /// <summary>
    /// For the all-or-nothing fast passes: Sep's Parse (csFastFloat) is much quicker than its TryParse, which goes
    /// through .NET's parser. A failure throws, which is fine because the pass stops at its first problem anyway.
    /// Anything refused here is judged again by the careful pass with <see cref="Number"/>.
    /// </summary>
    public static bool TryFastNumber(SepReader.Col col, NumberRule rule, out double value)
    {
        value = 0;
        if (col.Span is not [not '"', ..]) return false;
        try
        {
            value = col.Parse<double>();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
        return double.IsFinite(value) && rule.Allows(value);
    }

    public static Problem? Number(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty) return new(ErrorCodes.EmptyValue, "the value is empty");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            // pandas and numpy write infinity as inf; name it for what it is.
            return text.TrimStart("+-").Equals("inf", StringComparison.OrdinalIgnoreCase)
                ? new(ErrorCodes.NotFinite, $"'{CsvFile.Quote(text)}' is not a finite number")
                : new(ErrorCodes.NotANumber, $"'{CsvFile.Quote(text)}' is not a number");
        }
        // TryParse accepts NaN and Infinity, and turns 1e400 into infinity: none of them can be scored.
        if (!double.IsFinite(value)) return new(ErrorCodes.NotFinite, $"'{CsvFile.Quote(text)}' is not a finite number");
        return null;
    }

    public static Problem? Probability(ReadOnlySpan<char> text, out double value)
    {
        var problem = Number(text, out value);
        if (problem is null && value is < 0 or > 1)
            return new(ErrorCodes.OutOfRange, $"'{CsvFile.Quote(text)}' is not a probability: it must be between 0 and 1");
        return problem;
    }

    public static Problem? NonNegative(ReadOnlySpan<char> text, out double value)
    {
        var problem = Number(text, out value);
        if (problem is null && value < 0)
            return new(ErrorCodes.OutOfRange, $"'{CsvFile.Quote(text)}' is negative; this metric takes logarithms, so values must be 0 or more");
        return problem;
    }

    /// <summary>Labels that are numbers get one canonical spelling, so "1", "1.0" and "1e0" are the same class.</summary>
    public static Problem? Label(ReadOnlySpan<char> text, bool integer, out string label)
    {
        label = "";
        if (text.IsEmpty) return new(ErrorCodes.EmptyValue, "the label is empty");
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            if (integer && (number != Math.Floor(number) || Math.Abs(number) > 1e15))
                return new(ErrorCodes.NotANumber, $"'{CsvFile.Quote(text)}' is not a whole-number rating");
            label = number.ToString("R", CultureInfo.InvariantCulture);
            return null;
        }
        if (integer) return new(ErrorCodes.NotANumber, $"'{CsvFile.Quote(text)}' is not a whole-number rating");
        label = text.ToString();
        return null;
    }

    public static string[] Items(ReadOnlySpan<char> text) =>
        text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}

internal enum NumberRule { Finite, Probability, NonNegative }

internal static class NumberRuleExtensions
{
    public static bool Allows(this NumberRule rule, double value) => rule switch
    {
        NumberRule.Probability => value is >= 0 and <= 1,
        NumberRule.NonNegative => value >= 0,
        _ => true,
    };
}
