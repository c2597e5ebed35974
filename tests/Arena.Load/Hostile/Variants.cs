using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Arena.Load.Hostile.HostileContext;

namespace Arena.Load.Hostile;

/// <summary>
/// Every hostile request the scenario sends, with the answer it must get. The upload limits are the corpus
/// competitions' 64 KB (decompressed: 20 times that) and the bundle limits the scenario sets on its server
/// (<see cref="MaxBundleBytes"/>, <see cref="MaxBundleExtractedBytes"/>).
/// </summary>
public static class Variants
{
    public const long MaxBundleBytes = 1 << 20;
    public const long MaxBundleExtractedBytes = 8 << 20;

    static readonly HttpStatusCode[] BadRequest = [HttpStatusCode.BadRequest];

    public static IReadOnlyList<Variant> Http() =>
    [
        new("submission body not multipart (text/csv)", "400", true, (c, t) => PostAsync(c, Raw("id,target\n1,0.5\n", "text/csv"), t, BadRequest)),
        new("submission body JSON", "400", false, (c, t) => PostAsync(c, Raw("{\"file\":\"id,target\"}", "application/json"), t, BadRequest)),
        new("multipart without a boundary", "400", false, (c, t) => PostAsync(c, Raw(Payloads.Multipart("file", "a.csv", "id,target", close: true), "multipart/form-data"), t, BadRequest)),
        new("multipart without a file field", "400", false, (c, t) => PostAsync(c, Payloads.Form(Encoding.ASCII.GetBytes("id,target\n"), "a.csv", field: "upload"), t, BadRequest)),
        new("multipart with two file fields", "400", false, (c, t) =>
        {
            var form = Payloads.Form(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc()), "a.csv");
            form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc())), "file", "b.csv");
            return PostAsync(c, form, t, BadRequest);
        }),
        new("multipart cut before its closing boundary", "400", true, (c, t) => PostAsync(c, Raw(Payloads.Multipart("file", "a.csv", HostileBundles.ValidAuc(), close: false), Multipart), t, BadRequest)),
        new("multipart type, body without any boundary", "400", false, (c, t) => PostAsync(c, Raw(new string('x', 5000), Multipart), t, BadRequest)),
        new("multipart type, empty body", "400", false, (c, t) => PostAsync(c, Raw("", Multipart), t, BadRequest)),
        new("Content-Length 1 GB, body never sent", "413 before any body byte", true, (c, t) => RawAsync(c, Submissions(), "Content-Length: 1000000000", null, t, 413)),
        new("Expect: 100-continue with Content-Length 1 GB", "413, no 100 Continue", false, (c, t) => RawAsync(c, Submissions(), "Content-Length: 1000000000\r\nExpect: 100-continue", null, t, 413)),
        new("chunked body past the upload limit", "413", false, async (c, t) =>
        {
            var content = new StreamContent(new MemoryStream(Payloads.Multipart("file", "big.csv", new string('1', 300_000), close: true)));
            content.Headers.TryAddWithoutValidation("Content-Type", Multipart);
            using var request = new HttpRequestMessage(HttpMethod.Post, Submissions()) { Content = content };
            request.Headers.TransferEncodingChunked = true;
            return await ExpectAsync(await c.Participant.SendAsync(request, t), t, HttpStatusCode.RequestEntityTooLarge);
        }),
        new("file 1 byte over the limit, honest Content-Length", "413", false, (c, t) =>
            PostAsync(c, Payloads.Form(new byte[HostileBundles.MaxUploadBytes + 1], "big.csv"), t, HttpStatusCode.RequestEntityTooLarge)),
        new("body stops half way, client closes its side", "400 or closed, never 5xx", true, (c, t) =>
            RawAsync(c, Submissions(), "Content-Length: 4000", Payloads.Multipart("file", "a.csv", "id,target\n1,0.5\n", close: false), t, 400, closeSending: true)),
        new("slow body (slowloris): 1 byte a second", "408 or closed within 35 s", true, async (c, t) =>
        {
            var head = Payloads.Multipart("file", "slow.csv", "id,target\n", close: false);
            var answer = await RawHttp.SendAsync(c.Address, Head(c, Submissions(), "Content-Length: 60000"), head, TimeSpan.FromSeconds(60), t,
                trickle: Encoding.ASCII.GetBytes(new string('1', 60)), every: TimeSpan.FromSeconds(1));
            return new Outcome(answer.Status is null or 408 && answer.Elapsed < TimeSpan.FromSeconds(35),
                $"{answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "closed"} after {answer.Elapsed.TotalSeconds:F1} s");
        }),
        new("slow headers (slowloris): a header line every 2 s", "408 or closed within 40 s", false, async (c, t) =>
        {
            var head = RawHttp.Head("GET", "/api/competitions", c.Address, [], end: false);
            var answer = await RawHttp.SendAsync(c.Address, head, null, TimeSpan.FromSeconds(70), t,
                trickle: Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-Slow: 1\r\n", 5))), every: TimeSpan.FromSeconds(0.2));
            return new Outcome(answer.Status is null or 408 && answer.Elapsed < TimeSpan.FromSeconds(40),
                $"{answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "closed"} after {answer.Elapsed.TotalSeconds:F1} s");
        }),
        new("one 40 KB header", "431", true, (c, t) => RawAsync(c, "/api/competitions", $"X-Big: {new string('a', 40_000)}", null, t, 431, method: "GET")),
        new("200 headers", "431", false, (c, t) => RawAsync(c, "/api/competitions", string.Join("\r\n", Enumerable.Range(0, 200).Select(i => $"X-H{i}: v")), null, t, 431, method: "GET")),
        new("16 KB request line", "414", false, (c, t) => RawAsync(c, "/api/competitions?q=" + new string('q', 16_000), "X-A: b", null, t, 414, method: "GET")),
        new("zip bomb (20 MB of zeros) to validate", "200 report: too_large", true, async (c, t) =>
            await ExpectReportAsync(await c.Participant.PostAsync(Validate(), Payloads.Form(Payloads.ZipBomb(20 << 20), "bomb.zip"), t), "too_large", null, null, t)),
        new("zip bomb submitted", "202, then failed: too_large", false, async (c, t) =>
            await c.ExpectFailedSubmissionAsync(await c.Participant.PostAsync(Submissions(), Payloads.Form(Payloads.ZipBomb(20 << 20), "bomb.zip"), t), "too_large", null, null, t)),
        new("gzip bomb (20 MB of zeros) to validate", "200 report: too_large", false, async (c, t) =>
            await ExpectReportAsync(await c.Participant.PostAsync(Validate(), Payloads.Form(Payloads.GzipBomb(20 << 20), "bomb.csv.gz"), t), "too_large", null, null, t)),
        new("nested zip (a zip inside the zip) to validate", "200 report: binary_file", false, async (c, t) =>
            await ExpectReportAsync(await c.Participant.PostAsync(Validate(), Payloads.Form(Payloads.NestedZips(1, 2 << 20), "nested.zip"), t), "binary_file", null, null, t)),
        new("ten nested zip bombs to validate", "200 report: bad_archive", false, async (c, t) =>
            await ExpectReportAsync(await c.Participant.PostAsync(Validate(), Payloads.Form(Payloads.NestedZips(10, 2 << 20), "42.zip"), t), "bad_archive", null, null, t)),
        new("file name with ../../ path", "202, stored as the bare name", false, async (c, t) =>
        {
            using var response = await c.Participant.PostAsync(Submissions(), Payloads.Form(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc()), "../../../etc/evil.csv"), t);
            if (response.StatusCode != HttpStatusCode.Accepted) return await ExpectAsync(response, t, HttpStatusCode.Accepted);
            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(t))!["id"]!.GetValue<string>();
            var view = await c.WaitForEndAsync(id, t);
            var name = view?["fileName"]?.GetValue<string>();
            return new Outcome(name == "evil.csv" && !File.Exists("/etc/evil.csv"), $"202, fileName '{name}', {view?["status"]}");
        }),
        new("60 KB description", "202, description cut to 1000", false, async (c, t) =>
        {
            using var response = await c.Participant.PostAsync(Submissions(), Payloads.Form(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc()), "a.csv", description: new string('d', 60_000)), t);
            if (response.StatusCode != HttpStatusCode.Accepted) return await ExpectAsync(response, t, HttpStatusCode.Accepted);
            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(t))!["id"]!.GetValue<string>();
            var view = await c.WaitForEndAsync(id, t);
            var length = view?["description"]?.GetValue<string>().Length;
            return new Outcome(length == 1000, $"202, description of {length} characters, {view?["status"]}");
        }),
        new("bundle zip bomb (past MaxBundleExtractedBytes)", "400", true, (c, t) =>
            BundleAsync(c, Payloads.Zip(archive =>
            {
                foreach (var (name, text) in Payloads.Bundle("hostile-bomb"))
                {
                    using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                    writer.Write(text);
                }
                using var bomb = archive.CreateEntry("padding.csv", System.IO.Compression.CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 2 * MaxBundleExtractedBytes >> 20; i++) bomb.Write(zeros);
            }), t, BadRequest)),
        new("bundle zipped inside a zip", "400", false, (c, t) => BundleAsync(c, Payloads.Zip(archive =>
        {
            using var stream = archive.CreateEntry("bundle.zip").Open();
            stream.Write(Payloads.Zip(Payloads.Bundle("hostile-nested")));
        }), t, BadRequest)),
        new("bundle that is not a zip", "400", false, (c, t) => BundleAsync(c, Encoding.ASCII.GetBytes("this is not a zip"), t, BadRequest)),
        new("bundle entry escaping its folder (../)", "400", false, (c, t) =>
            BundleAsync(c, Payloads.Zip([.. Payloads.Bundle("hostile-escape"), ("../escaped.txt", "out")]), t, BadRequest)),
        new("bundle Content-Length past MaxBundleBytes", "413 before any body byte", false, (c, t) =>
            RawAsync(c, "/api/competitions", $"Content-Length: {MaxBundleBytes * 4}", null, t, 413, token: AdminToken(c))),
        new("bundle multipart cut short", "400", false, (c, t) =>
            AdminPostAsync(c, "/api/competitions", Raw(Payloads.Multipart("bundle", "b.zip", "PK", close: false), Multipart), t, BadRequest)),
        new("login with malformed JSON", "400", false, async (c, t) =>
            await ExpectAsync(await c.Server.Client().PostAsync("/api/auth/login", Raw("{\"userName\": ", "application/json"), t), t, HttpStatusCode.BadRequest)),
        new("login as text/plain", "415", false, async (c, t) =>
            await ExpectAsync(await c.Server.Client().PostAsync("/api/auth/login", Raw("userName=a", "text/plain"), t), t, HttpStatusCode.UnsupportedMediaType)),
        new("register with a 4 MB user name", "400", true, async (c, t) =>
            await ExpectAsync(await c.Server.Client().PostAsJsonAsync("/api/auth/register", new { userName = new string('u', 4 << 20), email = "u@example.org", password = "a long password" }, t),
                t, HttpStatusCode.BadRequest)),
        new("submission to a competition that does not exist", "404", false, async (c, t) =>
            await ExpectAsync(await c.Participant.PostAsync(Submissions("no-such-competition"), Payloads.Form(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc()), "a.csv"), t), t, HttpStatusCode.NotFound)),
        new("forged bearer token", "401", false, async (c, t) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Submissions()) { Content = Payloads.Form(Encoding.ASCII.GetBytes(HostileBundles.ValidAuc()), "a.csv") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "arena_" + new string('A', 40));
            return await ExpectAsync(await c.Server.Client().SendAsync(request, t), t, HttpStatusCode.Unauthorized);
        }),
    ];

    /// <summary>Every corpus file to the validation route: a 200 report naming the manifest's code, line and column.</summary>
    public static IEnumerable<Variant> CorpusValidate(IReadOnlyList<CorpusCase> cases) => cases.Select(k => new Variant(
        $"corpus {k.File} to validate", $"200 report: {k.Expected}", false,
        async (c, t) => await ExpectReportAsync(await c.Participant.PostAsync(Validate(k.Slug), Payloads.Form(await File.ReadAllBytesAsync(k.Path, t), k.File), t), k.Code, k.Line, k.Column, t)));

    /// <summary>Every corpus file submitted: 202, then failed with the manifest's code, line and column.</summary>
    public static IEnumerable<Variant> CorpusSubmit(IReadOnlyList<CorpusCase> cases) => cases.Select(k => new Variant(
        $"corpus {k.File} submitted", $"202, then failed: {k.Expected}", false,
        async (c, t) => await c.ExpectFailedSubmissionAsync(await c.Participant.PostAsync(Submissions(k.Slug), Payloads.Form(await File.ReadAllBytesAsync(k.Path, t), k.File), t), k.Code, k.Line, k.Column, t)));

    const string Multipart = $"multipart/form-data; boundary={Payloads.Boundary}";

    static ByteArrayContent Raw(string body, string type) => Payloads.Raw(Encoding.UTF8.GetBytes(body), type);

    static ByteArrayContent Raw(byte[] body, string type) => Payloads.Raw(body, type);

    static async Task<Outcome> PostAsync(HostileContext c, HttpContent content, CancellationToken t, params HttpStatusCode[] expected) =>
        await ExpectAsync(await c.Participant.PostAsync(Submissions(), content, t), t, expected);

    static async Task<Outcome> AdminPostAsync(HostileContext c, string path, HttpContent content, CancellationToken t, params HttpStatusCode[] expected) =>
        await ExpectAsync(await c.Admin.PostAsync(path, content, t), t, expected);

    static Task<Outcome> BundleAsync(HostileContext c, byte[] zip, CancellationToken t, params HttpStatusCode[] expected) =>
        AdminPostAsync(c, "/api/competitions", Payloads.Form(zip, "bundle.zip", field: "bundle"), t, expected);

    static string AdminToken(HostileContext c) => c.Admin.DefaultRequestHeaders.Authorization!.Parameter!;

    static string Head(HostileContext c, string path, string headers, string method = "POST", string? token = null) =>
        RawHttp.Head(method, path, c.Address, [$"Authorization: Bearer {token ?? c.ParticipantToken}", $"Content-Type: {Multipart}", .. headers.Split("\r\n")]);

    /// <summary>A raw request: met when the status is <paramref name="expected"/> (or, for a body the client cut short, when the server just closed).</summary>
    static async Task<Outcome> RawAsync(HostileContext c, string path, string headers, byte[]? body, CancellationToken t, int expected,
        string method = "POST", bool closeSending = false, string? token = null)
    {
        var answer = await RawHttp.SendAsync(c.Address, Head(c, path, headers, method, token), body, TimeSpan.FromSeconds(30), t, closeSending: closeSending);
        var met = answer.Status == expected || (closeSending && answer.Status is null);
        return new Outcome(met, $"{answer.Head} after {answer.Elapsed.TotalMilliseconds:F0} ms, {answer.BodyBytesSent} body bytes sent");
    }
}
