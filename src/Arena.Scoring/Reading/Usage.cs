namespace Arena.Scoring.Reading;

/// <summary>Kaggle's Usage column: which leaderboard a solution row counts for.</summary>
public enum Usage : byte { Public, Private, Ignored }

public sealed record UsageCounts(int Public, int Private, int Ignored)
{
    public int Total => Public + Private + Ignored;
}
