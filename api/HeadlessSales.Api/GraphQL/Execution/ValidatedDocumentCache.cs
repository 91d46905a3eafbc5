using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>
/// Keeps the parsed form of documents that passed validation, keyed by their text, so a repeated
/// document skips parsing and the schema-only validation rules. Rules that depend on the request
/// (such as the GET-is-read-only rule) are listed in <see cref="ExecutionOptions.CachedDocumentValidationRules"/>
/// and still run. Bounded, least recently used out first.
/// </summary>
public sealed class ValidatedDocumentCache(IOptions<GraphQLServerOptions> options) : IConfigureExecution
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Query, GraphQLDocument Document)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Query, GraphQLDocument Document)> _recency = new();

    /// <summary>After persisted documents have been turned into query text.</summary>
    public float SortOrder => 200;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions executionOptions, ExecutionDelegate next)
    {
        var query = executionOptions.Query;
        if (executionOptions.Document is not null || query is null)
        {
            return await next(executionOptions).ConfigureAwait(false);
        }

        if (TryGet(query, out var cached))
        {
            executionOptions.Document = cached;
            return await next(executionOptions).ConfigureAwait(false);
        }

        var result = await next(executionOptions).ConfigureAwait(false);
        if (result.Executed && result.Document is not null)
        {
            Add(query, result.Document);
        }

        return result;
    }

    private bool TryGet(string query, out GraphQLDocument? document)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(query, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                document = node.Value.Document;
                return true;
            }
        }

        document = null;
        return false;
    }

    private void Add(string query, GraphQLDocument document)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(query))
            {
                return;
            }

            _entries[query] = _recency.AddFirst((query, document));
            while (_entries.Count > options.Value.DocumentCacheSize && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Query);
            }
        }
    }
}
