using System.Text;

namespace Arena.BundleBuilder.Writing;

/// <summary>Every file the builder writes goes through here: UTF-8 without a BOM and \n line endings on every OS.</summary>
public static class TextFiles
{
    static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static StreamWriter Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(path, append: false, Utf8NoBom) { NewLine = "\n" };
    }

    public static void Write(string path, string text)
    {
        using var writer = Create(path);
        writer.Write(text.ReplaceLineEndings("\n"));
    }
}
