namespace Arena.Data.Entities;

/// <summary>
/// A file kept in the database by the <c>postgres</c> file store, so that every node and worker reads the same bytes
/// whatever its own data folder holds. The bytes are in <see cref="StoredFileChunk"/> rows, never in one value, so
/// that neither side has to hold a whole file in memory. <see cref="Key"/> is null while the file is being written:
/// the row gets its key in the transaction that also removes the file it replaces, so readers see one or the other.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }

    /// <summary>The store's relative path, with forward slashes (such as <c>submissions/3/{id}.upload</c>).</summary>
    public string? Key { get; set; }

    public long Size { get; set; }

    /// <summary>Lowercase hex SHA-256 of the whole file: a node's local copy is reused only when it matches.</summary>
    public required string Sha256 { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>One piece of a <see cref="StoredFile"/>, in order of <see cref="Index"/> from 0.</summary>
public sealed class StoredFileChunk
{
    public Guid FileId { get; set; }
    public int Index { get; set; }
    public required byte[] Bytes { get; set; }
}
