using System.Globalization;

namespace Arena.Server.Web;

/// <summary>How pages print times, sizes and scores; scripts turn the ISO times into the reader's local time.</summary>
public static class PageFormat
{
    /// <summary>ISO 8601 in UTC with its Z: SQLite hands back times without a kind, which a browser would read as local.</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    /// <summary>Scores as participants compare them with scikit-learn: up to 6 significant decimals.</summary>
    public static string Score(double? score) => score is { } s ? s.ToString("0.######", CultureInfo.InvariantCulture) : "–";
}
