using Arena.Server.Configuration;

namespace Arena.Server.Closing;

public static class ClosingSetup
{
    public static void AddClosing(this WebApplicationBuilder builder, ArenaOptions options)
    {
        builder.Services.AddScoped<CloseCompetitionJob>();
        builder.Services.AddScoped<ClosingSchedule>();
        // The every-minute safety net; AddOrUpdate is idempotent, so every worker node may register it.
        if (options.RunsWorker) builder.Services.AddHostedService<ClosingSweepRegistration>();
    }
}
