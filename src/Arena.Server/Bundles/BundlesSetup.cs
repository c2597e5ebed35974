namespace Arena.Server.Bundles;

public static class BundlesSetup
{
    public static void AddBundles(this WebApplicationBuilder builder) => builder.Services.AddScoped<BundleImporter>();
}
