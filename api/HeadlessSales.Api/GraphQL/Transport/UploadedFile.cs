namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// A file part of a multipart GraphQL request, already read to a temporary file while its SHA-256 was
/// computed, so resolvers stream it instead of holding it in memory. The file is deleted when the
/// request ends.
/// </summary>
public sealed class UploadedFile
{
    /// <summary>How many leading bytes are kept in memory for content sniffing.</summary>
    public const int HeadLength = 512;

    private readonly string _path;

    internal UploadedFile(string partName, string fileName, string? declaredContentType, long length, string sha256, byte[] head, string path)
    {
        PartName = partName;
        FileName = fileName;
        DeclaredContentType = declaredContentType;
        Length = length;
        Sha256 = sha256;
        Head = head;
        _path = path;
    }

    /// <summary>The part's name: its key in the request's <c>map</c>.</summary>
    public string PartName { get; }

    /// <summary>The file name the client gave, without any directory part.</summary>
    public string FileName { get; }

    /// <summary>The part's Content-Type as the client declared it; nothing verifies it here.</summary>
    public string? DeclaredContentType { get; }

    public long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; }

    /// <summary>The first <see cref="HeadLength"/> bytes (fewer for a shorter file).</summary>
    public ReadOnlyMemory<byte> Head { get; }

    public Stream OpenRead() =>
        new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    internal void Delete()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // Still open somewhere: the temp folder is cleaned by the system.
        }
    }
}

/// <summary>The files of one request; deleting them is registered with the response, so they never outlive it.</summary>
internal sealed class UploadedFileSet : IAsyncDisposable
{
    public List<UploadedFile> Files { get; } = [];

    /// <summary>A file being written that has not become an <see cref="UploadedFile"/> yet.</summary>
    public string? PartialPath { get; set; }

    public ValueTask DisposeAsync()
    {
        foreach (var file in Files)
        {
            file.Delete();
        }

        if (PartialPath is not null)
        {
            try
            {
                File.Delete(PartialPath);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }
}
