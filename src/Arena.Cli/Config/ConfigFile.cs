using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arena.Cli.Config;

/// <summary>What <c>arena login</c> and <c>arena config set</c> store.</summary>
/// <summary>What is stored; <see cref="TokenId"/> is the server's id of a personal token this CLI created, so logout can revoke it.</summary>
public sealed record StoredConfig(string? Url = null, string? Token = null, string? Competition = null, int? TokenId = null);

/// <summary>
/// <c>$XDG_CONFIG_HOME/arena/arena.json</c>, else <c>~/.config/arena/arena.json</c>. It holds a bearer token, so the
/// folder is 700 and the file 600, and it is replaced in one step (a temporary file moved over it) so that a crash
/// never leaves half a file or a moment with looser permissions.
/// </summary>
public sealed class ConfigFile
{
    const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public ConfigFile(Func<string, string?> environment)
    {
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg) ? xdg
            : environment("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".config")
            : throw new CliException("cannot find the configuration folder: set HOME or XDG_CONFIG_HOME");
        Path = System.IO.Path.Combine(configHome, "arena", "arena.json");
    }

    public string Path { get; }

    public StoredConfig Load()
    {
        if (!File.Exists(Path)) return new StoredConfig();
        try
        {
            return JsonSerializer.Deserialize<StoredConfig>(File.ReadAllText(Path), Json) ?? new StoredConfig();
        }
        catch (JsonException e)
        {
            throw new CliException($"{Path} is not valid JSON ({e.Message}): fix it, or delete it and run arena login", inner: e);
        }
    }

    public void Save(StoredConfig config)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var temporary = Path + ".tmp";
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, JsonSerializer.Serialize(config, Json));
        }
        else
        {
            Directory.CreateDirectory(folder, FolderMode);
            // An existing folder keeps its mode on CreateDirectory; ours is tightened every time.
            File.SetUnixFileMode(folder, FolderMode);
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile };
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(JsonSerializer.Serialize(config, Json));
            }
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
