using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arena.Server.Humans;

/// <summary>
/// Reads a JSON request by hand, so that a field of the wrong type or an unknown (misspelt) field is a 400 naming
/// it, rather than a binding failure that names nothing.
/// </summary>
static class JsonFields
{
    /// <summary>The request's JSON object; an empty body is an empty object.</summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength == 0) return [];
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellation);
        }
        catch (JsonException e)
        {
            throw new StudyProblem("body", $"the body is not JSON ({e.Message})");
        }
        return node switch
        {
            null => [],
            JsonObject o => o,
            _ => throw new StudyProblem("body", "the body must be a JSON object."),
        };
    }

    public static void OnlyKnown(JsonObject o, params string[] names)
    {
        foreach (var (name, _) in o)
            if (!names.Contains(name, StringComparer.Ordinal))
                throw new StudyProblem(name, $"unknown field; the fields are {string.Join(", ", names)}.");
    }

    public static int? Int(JsonObject o, string name) => Value(o, name) switch
    {
        null => null,
        { } v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        _ => throw new StudyProblem(name, "must be a whole number."),
    };

    public static long? Long(JsonObject o, string name) => Value(o, name) switch
    {
        null => null,
        { } v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var i) => i,
        _ => throw new StudyProblem(name, "must be a whole number."),
    };

    public static string? String(JsonObject o, string name) => Value(o, name) switch
    {
        null => null,
        { } v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new StudyProblem(name, "must be a string."),
    };

    public static bool? Bool(JsonObject o, string name) => Value(o, name) switch
    {
        null => null,
        { } v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new StudyProblem(name, "must be true or false."),
    };

    public static DateTime? Time(JsonObject o, string name) => String(o, name) is not { } text ? null
        : DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new StudyProblem(name, $"'{text}' is not an ISO 8601 time.");

    public static JsonArray Array(JsonObject o, string name) => o[name] as JsonArray ?? throw new StudyProblem(name, "must be an array.");

    public static JsonObject Object(JsonNode? node, string name) => node as JsonObject ?? throw new StudyProblem(name, "must be an object.");

    static JsonValue? Value(JsonObject o, string name) => o.TryGetPropertyValue(name, out var node) && node is not null
        ? node as JsonValue ?? throw new StudyProblem(name, "must be a single value, not an object or an array.")
        : null;
}
