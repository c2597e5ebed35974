using System.Globalization;
using Arena.Scoring.Metrics;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>Accumulates a solution's target fields in the shape its metric reads.</summary>
internal sealed class TruthBuilder(Metric metric, string[] columns)
{
    ArrayBuilder<double> _numbers = new(1024);
    ArrayBuilder<int> _classes = new(1024);
    ArrayBuilder<string[]> _items = new(16);
    ArrayBuilder<GradedItem[]> _graded = new(16);
    readonly ClassSet _classSet = ClassSetFor(metric, columns);
    int _hotColumn = -1, _hotCount;

    static ClassSet ClassSetFor(Metric metric, string[] columns)
    {
        var set = new ClassSet();
        if (metric.TruthShape == ValueShape.ClassColumns) foreach (var column in columns) set.GetOrAdd(column);
        return set;
    }

    public Fields.Problem? Add(int column, ReadOnlySpan<char> text)
    {
        switch (metric.TruthShape)
        {
            case ValueShape.Number:
            {
                var problem = metric.ValuesAreNonNegative ? Fields.NonNegative(text, out var value) : Fields.Number(text, out value);
                if (problem is null && metric.TruthIsBinary && value is not (0 or 1))
                    problem = new(ErrorCodes.OutOfRange, $"{metric.Name} needs 0/1 labels, found '{CsvFile.Quote(text)}'");
                _numbers.Add(value);
                return problem;
            }
            case ValueShape.Label:
            {
                var problem = Fields.Label(text, metric.LabelsAreIntegers, out var label);
                _classes.Add(problem is null ? _classSet.GetOrAdd(label) : 0);
                return problem;
            }
            case ValueShape.ClassColumns:
            {
                var problem = Fields.Number(text, out var value);
                if (problem is null && value is not (0 or 1))
                    problem = new(ErrorCodes.OutOfRange, $"class columns must hold 0 or 1 (one-hot), found '{CsvFile.Quote(text)}'");
                if (value == 1) { _hotColumn = column; _hotCount++; }
                return problem;
            }
            case ValueShape.Items:
                _items.Add(Fields.Items(text));
                return null;
            default:
                return AddGraded(text);
        }
    }

    Fields.Problem? AddGraded(ReadOnlySpan<char> text)
    {
        var pairs = Fields.Items(text);
        var graded = new GradedItem[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            var colon = pairs[i].LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(pairs[i].AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade > NdcgAtKMetric.MaxGrade)
            {
                _graded.Add([]);
                return new(ErrorCodes.NotANumber, $"'{CsvFile.Quote(pairs[i])}' is not an item:grade pair with a whole grade from 0 to {NdcgAtKMetric.MaxGrade}");
            }
            graded[i] = new GradedItem(pairs[i][..colon], grade);
            if (Array.FindIndex(graded, 0, i, g => g.Item == graded[i].Item) >= 0)
            {
                _graded.Add([]);
                return new(ErrorCodes.DuplicateId, $"item '{CsvFile.Quote(graded[i].Item)}' is graded twice in one row");
            }
        }
        _graded.Add(graded);
        return null;
    }

    /// <summary>Checks the row as a whole: a one-hot row must have exactly one 1.</summary>
    public void EndRow(long line, ErrorList errors)
    {
        if (metric.TruthShape != ValueShape.ClassColumns) return;
        if (_hotCount != 1)
            errors.Add(new ValidationError(ErrorCodes.OutOfRange, $"a one-hot row must have exactly one 1 among the class columns, found {_hotCount}", line));
        _classes.Add(Math.Max(_hotColumn, 0));
        _hotColumn = -1;
        _hotCount = 0;
    }

    public Truth Build()
    {
        var classes = _classes.Count > 0 ? _classes.ToArray() : null;
        var binary = metric.TruthShape == ValueShape.Label && _classSet.Names.All(n => n is "0" or "1");
        return new Truth
        {
            Numbers = metric.TruthShape == ValueShape.Number ? _numbers.ToArray()
                : binary ? [.. classes!.Select(c => double.Parse(_classSet.Names[c], CultureInfo.InvariantCulture))] : null,
            Classes = classes,
            ClassSet = _classSet,
            LabelsAreBinary = binary,
            Items = metric.TruthShape == ValueShape.Items ? _items.ToArray() : null,
            Graded = metric.TruthShape == ValueShape.GradedItems ? _graded.ToArray() : null,
        };
    }
}
