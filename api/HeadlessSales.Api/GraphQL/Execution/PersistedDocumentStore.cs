using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using GraphQL.PersistedDocuments;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>
/// The operator's allow-list: every <c>*.graphql</c> file of the configured folder, addressable by
/// <c>sha256:&lt;lower-case hex of the file's UTF-8 bytes&gt;</c> as the persisted-documents appendix
/// of GraphQL over HTTP describes.
/// </summary>
public sealed class PersistedDocumentStore : IPersistedDocumentLoader
{
    private readonly FrozenDictionary<string, string> _documentsByHash;

    public PersistedDocumentStore(IOptions<GraphQLServerOptions> options, IHostEnvironment environment)
    {
        var folder = options.Value.PersistedDocuments.Folder;
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(folder))
        {
            var path = Path.IsPathRooted(folder) ? folder : Path.Combine(environment.ContentRootPath, folder);
            foreach (var file in Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.graphql", SearchOption.AllDirectories) : [])
            {
                var text = File.ReadAllText(file, Encoding.UTF8);
                documents[Hash(text)] = text;
            }
        }

        _documentsByHash = documents.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _documentsByHash.Count;

    public static string Hash(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(documentIdPrefix == "sha256" && _documentsByHash.TryGetValue(documentIdPayload, out var query) ? query : null);
}
