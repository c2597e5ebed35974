namespace Arena.Server.Drafts;

/// <summary>Compares the ids of one public file with the solution's: missing, extra and repeated ids, with examples.</summary>
internal sealed class IdTally(SolutionLabels solution)
{
    const int Examples = 5;

    readonly bool[] _seen = new bool[solution.Count];
    readonly HashSet<string> _extraSeen = new(StringComparer.Ordinal);
    readonly List<string> _extraExamples = [];
    readonly List<string> _duplicateExamples = [];

    public int Rows { get; private set; }
    public int Extra { get; private set; }
    public int Duplicates { get; private set; }

    /// <summary>Counts one row's id; returns its solution row, or -1 for an id the solution lacks or one already seen.</summary>
    public int Add(string id)
    {
        Rows++;
        var row = solution.RowOf(id);
        if (row < 0)
        {
            if (_extraSeen.Add(id))
            {
                Extra++;
                if (_extraExamples.Count < Examples) _extraExamples.Add(id);
                return -1;
            }
        }
        else if (!_seen[row])
        {
            _seen[row] = true;
            return row;
        }
        Duplicates++;
        if (_duplicateExamples.Count < Examples && !_duplicateExamples.Contains(id)) _duplicateExamples.Add(id);
        return -1;
    }

    /// <summary>The ids of the file against the solution: an error unless both hold the same set, each id once.</summary>
    public CheckItem Report(string file, PublicCsv csv)
    {
        var missing = _seen.Count(s => !s);
        var missingExamples = Enumerable.Range(0, _seen.Length).Where(r => !_seen[r]).Take(Examples).Select(r => solution.Ids[r]).ToList();
        var details = new Dictionary<string, object?>
        {
            ["file"] = file,
            ["rows"] = Rows,
            ["solutionIds"] = solution.Count,
            ["missing"] = missing,
            ["missingExamples"] = missingExamples,
            ["extra"] = Extra,
            ["extraExamples"] = _extraExamples.ToList(),
            ["duplicates"] = Duplicates,
            ["duplicateExamples"] = _duplicateExamples.ToList(),
            ["malformedRows"] = csv.MalformedRows,
        };
        if (missing == 0 && Extra == 0 && Duplicates == 0 && csv.MalformedRows == 0)
            return CheckItem.Ok(CheckCodes.Ids, $"{file}: the same {solution.Count} ids as the solution", details);
        var problems = new List<string>();
        if (missing > 0) problems.Add($"{missing} solution id(s) missing (e.g. {Join(missingExamples)})");
        if (Extra > 0) problems.Add($"{Extra} id(s) not in the solution (e.g. {Join(_extraExamples)})");
        if (Duplicates > 0) problems.Add($"{Duplicates} repeated id row(s) (e.g. {Join(_duplicateExamples)})");
        if (csv.MalformedRows > 0) problems.Add($"{csv.MalformedRows} row(s) with a wrong number of fields, first on line {csv.FirstMalformedLine}");
        return CheckItem.Error(CheckCodes.Ids, $"{file}: its ids differ from the solution's: {string.Join("; ", problems)}", details);
    }

    static string Join(IEnumerable<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));
}
