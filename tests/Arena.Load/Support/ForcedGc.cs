using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Arena.Load.Support;

/// <summary>
/// A full blocking GC induced in another .NET process through its diagnostics port (as dotnet-gcdump does), and the
/// live heap it leaves. Resident memory alone cannot tell a leak from garbage not yet collected: a workstation GC lets
/// gen2 grow by a hundred MB or more between its collections, so the live heap after a forced GC is what "memory steady"
/// compares.
/// </summary>
public static class ForcedGc
{
    /// <summary>The live heap the induced GC leaves (the runtime's GCHeapStats: gen1, gen2, large and pinned heaps), then RSS.</summary>
    public static async Task<(long HeapBytes, long RssBytes)?> CollectAsync(int pid, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, keywords)], requestRundown: false);
        long? heap = null;
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            // GCHeapStats follows the GCEnd of its own GC. Other GCs run meanwhile (gen0 ones even during a background
            // gen2), so only the stats right after the induced GC's own end count.
            int? induced = null, lastEnded = null;
            source.Clr.GCStart += e =>
            {
                if (induced is null && e.Reason is GCReason.Induced or GCReason.InducedNotForced && e.Depth == 2) induced = e.Count;
            };
            source.Clr.GCStop += e => lastEnded = e.Count;
            source.Clr.GCHeapStats += e =>
            {
                if (induced is null || lastEnded != induced || heap is not null) return;
                // Gen0's figure here is its allocation budget, not survivors (a full GC promotes those), and it swings
                // by tens of MB from one GC to the next; the older generations, the large and pinned heaps are the live data.
                heap = e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
                session.Stop();
            };
            source.Process();
        });
        if (await Task.WhenAny(reading, Task.Delay(timeout)) != reading) session.Stop();
        await reading.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        return heap is { } bytes ? (bytes, ProcessStats.Read(pid).RssBytes) : null;
    }
}
