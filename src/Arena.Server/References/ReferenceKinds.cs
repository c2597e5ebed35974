using Arena.Data.Entities;

namespace Arena.Server.References;

/// <summary>Reads a reference row's kind by name only: human, benchmark or paper (never a number, as Enum.TryParse allows).</summary>
public static class ReferenceKinds
{
    public static bool TryParse(string? text, out ReferenceKind kind)
    {
        kind = default;
        var name = Enum.GetNames<ReferenceKind>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out kind);
    }
}
