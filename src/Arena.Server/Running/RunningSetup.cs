using Arena.Server.Configuration;

namespace Arena.Server.Running;

/// <summary>What organizers do to a competition while it runs: edit it, grant extra submissions, sanction, rescore.</summary>
public static class RunningSetup
{
    public static void AddRunning(this WebApplicationBuilder builder, ArenaOptions options)
    {
        builder.Services.AddScoped<RescoreCompetitionJob>();
        if (options.RunsWorker) builder.Services.AddHostedService<RescoreResume>();
    }

    public static void MapRunning(this IEndpointRouteBuilder app)
    {
        app.MapCompetitionEdits();
        app.MapExtraSubmissions();
        app.MapSanctions();
        app.MapRescores();
    }
}
