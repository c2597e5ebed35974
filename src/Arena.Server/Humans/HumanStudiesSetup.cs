namespace Arena.Server.Humans;

/// <summary>Human-baseline studies (issue 8): set-up, annotator sessions, results, export and import.</summary>
public static class HumanStudiesSetup
{
    public static void AddHumanStudies(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StudyItemRows>();
        builder.Services.AddScoped<HumanBaselines>();
    }
}
