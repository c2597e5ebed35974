using System.Globalization;
using Arena.Data.Entities;
using Arena.Server.Operations;

namespace Arena.Server.References;

/// <summary>A declared reference row: a human figure (with its source, how many people, how it was measured), a paper's score (with its citation and tolerance), or a benchmark's.</summary>
public sealed record DeclaredReference(string? Kind, string? Name, double? Score, string? Source, double? Tolerance, int? PeopleCount = null, string? Note = null);

public sealed record ReferenceView(int Id, string Kind, string Name, string Source, double? PublicScore, double? PrivateScore, double? Tolerance,
    bool FromFile, int? PeopleCount, string Note, string Status);

/// <summary>The checks shared by declared rows and rows scored from a file.</summary>
static class ReferenceRequests
{
    public sealed record Fields(string? Kind, string? Name, string? Source, string? Tolerance, string? PeopleCount, string? Note);

    /// <summary>Validates the descriptive fields into a row without scores, or answers a 400 naming the field.</summary>
    public static (ReferenceRow? Row, IResult? Problem) Describe(string? kindText, string? name, string? source, double? tolerance, int? peopleCount, string? note, bool declared)
    {
        if (!ReferenceKinds.TryParse(kindText, out var kind)) return (null, Problems.BadRequest("'kind' must be human, benchmark or paper."));
        if (string.IsNullOrWhiteSpace(name)) return (null, Problems.BadRequest("A reference row needs a 'name'."));
        if (name.Trim().Length > 200) return (null, Problems.BadRequest("'name' is longer than 200 characters."));
        if (declared && kind is ReferenceKind.Human or ReferenceKind.Paper && string.IsNullOrWhiteSpace(source))
            return (null, Problems.BadRequest(kind == ReferenceKind.Paper
                ? "A paper row needs a 'source': the citation of the published result."
                : "A declared human row needs a 'source': where the figure comes from."));
        if (kind == ReferenceKind.Paper && tolerance is null)
            return (null, Problems.BadRequest("A paper row needs a 'tolerance': participants within it of the score are marked as having replicated it."));
        if (tolerance is { } t && (!double.IsFinite(t) || t < 0)) return (null, Problems.BadRequest("'tolerance' must be a finite number, zero or more."));
        if (peopleCount is < 1) return (null, Problems.BadRequest("'peopleCount' must be 1 or more."));
        return (new ReferenceRow
        {
            Kind = kind, Name = name.Trim(), Source = source?.Trim() ?? "", Tolerance = tolerance,
            PeopleCount = peopleCount, Note = note?.Trim() ?? "",
        }, null);
    }

    /// <summary>A declared figure is one number, shown in both views.</summary>
    public static (ReferenceRow? Row, IResult? Problem) Declared(DeclaredReference? request)
    {
        if (request is null) return (null, Problems.BadRequest("Send JSON {kind, name, score, source, tolerance, peopleCount, note} or a form with a 'file'."));
        var (row, problem) = Describe(request.Kind, request.Name, request.Source, request.Tolerance, request.PeopleCount, request.Note, declared: true);
        if (row is null) return (null, problem);
        if (request.Score is not { } score || !double.IsFinite(score)) return (null, Problems.BadRequest("A declared reference row needs a finite 'score'."));
        (row.PublicScore, row.PrivateScore) = (score, score);
        return (row, null);
    }

    /// <summary>The form fields of a row scored from a file; numbers that do not parse are named.</summary>
    public static (ReferenceRow? Row, IResult? Problem) FromForm(Fields form)
    {
        double? tolerance = null;
        int? people = null;
        if (!string.IsNullOrWhiteSpace(form.Tolerance))
        {
            if (!double.TryParse(form.Tolerance, NumberStyles.Float, CultureInfo.InvariantCulture, out var t)) return (null, Problems.BadRequest("'tolerance' is not a number."));
            tolerance = t;
        }
        if (!string.IsNullOrWhiteSpace(form.PeopleCount))
        {
            if (!int.TryParse(form.PeopleCount, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)) return (null, Problems.BadRequest("'peopleCount' is not a whole number."));
            people = p;
        }
        return Describe(form.Kind, form.Name, form.Source, tolerance, people, form.Note, declared: false);
    }

    public static ReferenceView View(ReferenceRow r) =>
        new(r.Id, r.Kind.ToString().ToLowerInvariant(), r.Name, r.Source, r.PublicScore, r.PrivateScore, r.Tolerance, r.File is not null,
            r.PeopleCount, r.Note, r.Status.ToString().ToLowerInvariant());
}
