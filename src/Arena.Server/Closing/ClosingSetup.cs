using Arena.Server.Configuration;
using Hangfire;

namespace Arena.Server.Closing;

public static class ClosingSetup
{
    public static void AddClosing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CloseCompetitionJob>();
        builder.Services.AddScoped<ClosingSchedule>();
    }

    /// <summary>Registers the every-minute safety net; AddOrUpdate is idempotent, so every worker node may do it.</summary>
    public static void ScheduleClosingSweep(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<ArenaOptions>().RunsWorker) return;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<CloseCompetitionJob>(
            CloseCompetitionJob.RecurringId, job => job.CloseDueAsync(CancellationToken.None), Cron.Minutely());
    }
}
