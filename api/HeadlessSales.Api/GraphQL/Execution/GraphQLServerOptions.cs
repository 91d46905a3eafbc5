namespace HeadlessSales.Api.GraphQL.Execution;

public sealed class GraphQLServerOptions
{
    public const string Section = "GraphQL";

    /// <summary>Deepest selection nesting a document may have.</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Deepest nesting of an operation that selects only <c>__schema</c>, <c>__type</c> and <c>__typename</c>; see <see cref="IntrospectionLimits"/>.</summary>
    public int MaxIntrospectionDepth { get; set; } = 20;

    /// <summary>Upper bound of the estimated cost of a document (list fields weighted by their page size).</summary>
    public int MaxComplexity { get; set; } = 50_000;

    /// <summary>Most tokens (names, punctuation, values) a document may have; counted before it is parsed.</summary>
    public int MaxTokens { get; set; } = 50_000;

    /// <summary>Deepest nesting the parser follows, of selections and of list and object literals alike.</summary>
    public int MaxParserDepth { get; set; } = 100;

    /// <summary>
    /// Fields that cost more than one unit, as <c>Type.field</c>: the estimate counts them at this weight
    /// (before the page sizes of the lists around them multiply it).
    /// </summary>
    public Dictionary<string, int> FieldCosts { get; set; } = new(StringComparer.Ordinal)
    {
        ["Query.processHealth"] = 1_000,
        ["Query.managerBoard"] = 200,
        ["Query.attributionReports"] = 50,
        ["Mutation.generateAttributionReport"] = 1_000,
    };

    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>How many distinct validated documents are kept; the least recently used go first.</summary>
    public int DocumentCacheSize { get; set; } = 1_000;

    /// <summary>Includes <c>extensions.tracing</c>-style timings of resolvers. Costly; off by default.</summary>
    public bool EnableMetrics { get; set; }

    public PersistedDocumentsOptions PersistedDocuments { get; set; } = new();

    public WebSocketOptions WebSocket { get; set; } = new();

    public UploadOptions Uploads { get; set; } = new();

    public sealed class PersistedDocumentsOptions
    {
        /// <summary>Folder of <c>*.graphql</c> files, each addressable as <c>sha256:&lt;hex of its content&gt;</c>.</summary>
        public string? Folder { get; set; }

        /// <summary>Allow-list mode: refuse every request that does not name a persisted document.</summary>
        public bool AllowOnlyPersisted { get; set; }
    }

    public sealed class WebSocketOptions
    {
        /// <summary>Time a client has to send <c>connection_init</c> before the server closes with 4408.</summary>
        public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Largest accepted text message, in bytes; larger ones close the socket with 1009.</summary>
        public int MaxMessageBytes { get; set; } = 256 * 1024;

        /// <summary>Most <c>subscribe</c> messages a socket may send in one second; more are answered with a RATE_LIMITED error.</summary>
        public int MaxOperationsPerSecond { get; set; } = 20;

        /// <summary>Most operations (subscriptions, and queries still running) open at once on one socket.</summary>
        public int MaxSubscriptionsPerSocket { get; set; } = 50;
    }

    /// <summary>Limits of multipart requests (the GraphQL multipart request spec); a request over any of them stores nothing.</summary>
    public sealed class UploadOptions
    {
        /// <summary>Largest single file, in bytes.</summary>
        public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

        /// <summary>Largest whole multipart request (all files and the operations), in bytes.</summary>
        public long MaxRequestBytes { get; set; } = 50 * 1024 * 1024;

        /// <summary>Most file parts in one request.</summary>
        public int MaxFiles { get; set; } = 10;

        /// <summary>Where file parts are written while the request runs; the system's temp folder when not set.</summary>
        public string? SpoolFolder { get; set; }
    }
}
