using System.Buffers;
using System.Data;
using System.Security.Cryptography;
using Arena.Server.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Arena.Server.Files;

/// <summary>
/// Keeps files in PostgreSQL (<c>StoredFiles</c> and its 1 MB <c>StoredFileChunks</c>), so that every web node and
/// worker reads every file whatever its own data folder holds. Bytes move one chunk at a time in both directions;
/// no file is ever held whole in memory. Path-based readers get a copy in this node's <c>cache/</c> folder, named
/// by the file's SHA-256, so a copy is reused only while it is still the stored content.
/// </summary>
/// <remarks>
/// Plain Npgsql rather than EF: EF would materialise each <c>byte[]</c> and cannot stream a column. The connection
/// string is EF's, so both share one Npgsql pool.
/// </remarks>
public sealed partial class PostgresFileStore(string connectionString, DataPaths paths, TimeProvider clock) : IFileStore
{
    /// <summary>
    /// Big enough that a 200 MB file is 200 rows, small enough that a chunk is cheap to hold; PostgreSQL keeps each
    /// value out of line (TOAST) in pieces of its own anyway.
    /// </summary>
    public const int ChunkSize = 1 << 20;

    const int CopyBuffer = 1 << 16;

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(content);
        await WriteAsync(FileKeys.Normalize(key), content, cancellation);
    }

    public async Task MoveInAsync(string key, string localFile, CancellationToken cancellation)
    {
        key = FileKeys.Normalize(key);
        try
        {
            string sha;
            await using (var file = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, useAsync: true))
                (_, sha) = await WriteAsync(key, file, cancellation);
            // The uploading node often reads the file next (scoring on an "all" node, the import's checks).
            var cached = CachePath(sha, key);
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Move(localFile, cached, overwrite: true);
        }
        finally
        {
            File.Delete(localFile);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation) =>
        (await OpenAsync(FileKeys.Normalize(key), cancellation))?.Stream;

    public async Task<long?> SizeAsync(string key, CancellationToken cancellation) =>
        (await InfoAsync(FileKeys.Normalize(key), cancellation))?.Size;

    public async Task DeleteAsync(string key, CancellationToken cancellation)
    {
        await using var connection = await ConnectAsync(cancellation);
        await ExecuteAsync(connection, null, """DELETE FROM "StoredFiles" WHERE "Key" = $1""", cancellation, FileKeys.Normalize(key));
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken cancellation)
    {
        await using var connection = await ConnectAsync(cancellation);
        // The chunks go with their files (ON DELETE CASCADE).
        await ExecuteAsync(connection, null, """DELETE FROM "StoredFiles" WHERE starts_with("Key", $1)""", cancellation, FileKeys.Normalize(folder) + "/");
    }

    /// <summary>
    /// Inserts the file's row without a key, then its chunks, and only at the end gives it the key, replacing the
    /// file that had it, all in one transaction: a failed or cancelled save leaves nothing behind.
    /// </summary>
    async Task<(long Size, string Sha256)> WriteAsync(string key, Stream content, CancellationToken cancellation)
    {
        await using var connection = await ConnectAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var id = Guid.NewGuid();
        await ExecuteAsync(connection, transaction, """INSERT INTO "StoredFiles" ("Id", "Key", "Size", "Sha256", "CreatedAt") VALUES ($1, NULL, 0, '', $2)""",
            cancellation, id, clock.GetUtcNow().UtcDateTime);

        await using var insert = new NpgsqlCommand("""INSERT INTO "StoredFileChunks" ("FileId", "Index", "Bytes") VALUES ($1, $2, $3)""", connection, transaction);
        var index = new NpgsqlParameter<int>();
        var bytes = new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        insert.Parameters.Add(index);
        insert.Parameters.Add(bytes);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long size = 0;
        try
        {
            for (var chunk = 0; ; chunk++)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellation);
                if (filled == 0) break;
                sha.AppendData(buffer, 0, filled);
                (index.TypedValue, bytes.TypedValue) = (chunk, buffer.AsMemory(0, filled));
                await insert.ExecuteNonQueryAsync(cancellation);
                size += filled;
                if (filled < ChunkSize) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());

        // Two saves of one key at once: the second waits here for the first to commit, then replaces its file
        // (a fresh statement sees the committed row), instead of failing on the unique key.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", cancellation, key);
        await ExecuteAsync(connection, transaction, """DELETE FROM "StoredFiles" WHERE "Key" = $1""", cancellation, key);
        await ExecuteAsync(connection, transaction, """UPDATE "StoredFiles" SET "Key" = $1, "Size" = $2, "Sha256" = $3 WHERE "Id" = $4""",
            cancellation, key, size, hash, id);
        await transaction.CommitAsync(cancellation);
        return (size, hash);
    }

    sealed record Info(Guid Id, long Size, string Sha256);

    async Task<Info?> InfoAsync(string key, CancellationToken cancellation)
    {
        await using var connection = await ConnectAsync(cancellation);
        return await InfoAsync(connection, null, key, cancellation);
    }

    static async Task<Info?> InfoAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("""SELECT "Id", "Size", "Sha256" FROM "StoredFiles" WHERE "Key" = $1""", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? new Info(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    /// <summary>
    /// The row and its chunks are read in one repeatable-read transaction, so a file replaced meanwhile is still read
    /// whole as it was. The returned stream owns the connection.
    /// </summary>
    async Task<(Info Info, Stream Stream)?> OpenAsync(string key, CancellationToken cancellation)
    {
        var connection = await ConnectAsync(cancellation);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
            if (await InfoAsync(connection, transaction, key, cancellation) is not { } info)
            {
                await connection.DisposeAsync();
                return null;
            }
            var command = new NpgsqlCommand("""SELECT "Bytes" FROM "StoredFileChunks" WHERE "FileId" = $1 ORDER BY "Index" """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = info.Id });
            // Sequential access hands each value over as a stream off the socket instead of a byte[] per chunk.
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
            return (info, new ChunkStream(connection, command, reader, info.Size));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellation, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
