namespace HeadlessSales.Api.Features.Documents;

/// <summary>Where document content lives. Keys are made by the documents module; content is streamed both ways.</summary>
public interface IDocumentStorage
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>. Keys name content (tenant and hash), so storing a key again is a no-op.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <returns>The content, or null when nothing is stored under the key.</returns>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
}

public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>Folder of the local storage; <c>documents</c> under the data folder when not set.</summary>
    public string? StorageFolder { get; set; }

    /// <summary>Media types accepted on upload; each is also checked against the file's leading bytes. Null: <see cref="FileSignatures.Known"/>.</summary>
    public string[]? AllowedContentTypes { get; set; }

    /// <summary>Where customers reach the server, e.g. <c>https://sales.example.com</c>; share links are given relative to the server when not set.</summary>
    public string? PublicBaseUrl { get; set; }

    public IReadOnlyCollection<string> AllowedTypes => AllowedContentTypes is { Length: > 0 } configured
        ? configured.Select(t => t.Trim().ToLowerInvariant()).ToHashSet()
        : FileSignatures.Known;
}

/// <summary>Content in a folder: <c>&lt;tenant&gt;/&lt;first two hex digits&gt;/&lt;sha-256&gt;</c>, written to a temporary name and moved into place.</summary>
public sealed class LocalDocumentStorage(string root) : IDocumentStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(output, cancellationToken);
            }

            File.Move(partial, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The same content was stored concurrently: it is there, which is all that was asked.
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    private string PathOf(string key)
    {
        if (key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_')))
        {
            throw new ArgumentException($"'{key}' is not a document storage key.", nameof(key));
        }

        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is not a document storage key.", nameof(key));
    }

    public static string KeyOf(long tenantId, string sha256) => $"{tenantId}/{sha256[..2]}/{sha256}";
}
