using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>A request refused before validation because it would cost too much to parse, validate or run.</summary>
public sealed class RequestLimitError : ExecutionError
{
    public const string ParserLimit = "PARSER_LIMIT";
    public const string TooComplex = "QUERY_TOO_COMPLEX";

    public RequestLimitError(string code, string message)
        : base(message) => Code = code;
}

/// <summary>
/// Bounds the work of a request before any validation rule or resolver sees it. The text is parsed
/// with limits on tokens and nesting (of selections and of list/object literals alike), then its cost
/// is estimated in one pass: every field counts, aliases included; list fields multiply their
/// selection by the page they ask for (<c>first</c>/<c>last</c>, from literals or variables); costly
/// fields count at their configured weight. A fragment's cost is computed once and reused, so a
/// fragment that spreads another many times is priced in time linear in the document, however large
/// its expansion would be.
/// </summary>
public sealed class RequestCostGate(IOptions<GraphQLServerOptions> options, HeadlessSalesSchema schema) : IConfigureExecution
{
    /// <summary>After the document cache, so a cached document is priced with this request's variables but not parsed again.</summary>
    public float SortOrder => 300;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions executionOptions, ExecutionDelegate next)
    {
        var limits = options.Value;
        var document = executionOptions.Document;
        if (document is null && executionOptions.Query is { } query)
        {
            if (CountTokens(query, limits.MaxTokens) is var tokens && tokens > limits.MaxTokens)
            {
                return Refuse(RequestLimitError.ParserLimit, $"The document has more than {limits.MaxTokens} tokens, the most accepted.");
            }

            try
            {
                document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = limits.MaxParserDepth });
            }
            catch (GraphQLMaxDepthExceededException)
            {
                return Refuse(RequestLimitError.ParserLimit,
                    $"The document nests selections or literals deeper than {limits.MaxParserDepth} levels, the most accepted.");
            }
            catch (GraphQLParserException)
            {
                // A syntax error: GraphQL.NET reports it with its location, as for any other document.
                return await next(executionOptions).ConfigureAwait(false);
            }

            // Parsed once, here: the engine runs every validation rule on it, as on a document it parsed itself.
            executionOptions.Document = document;
            executionOptions.CachedDocumentValidationRules = executionOptions.ValidationRules;
        }

        if (document is not null)
        {
            var cost = new CostEstimate(schema, limits, executionOptions.Variables).Of(document, executionOptions.OperationName);
            if (cost > limits.MaxComplexity)
            {
                var estimate = cost >= CostEstimate.Ceiling ? "astronomical" : cost.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
                return Refuse(RequestLimitError.TooComplex,
                    $"The query's estimated complexity is {estimate}, above the limit of {limits.MaxComplexity}. Ask for smaller pages, fewer aliases or fewer costly fields.");
            }
        }

        return await next(executionOptions).ConfigureAwait(false);
    }

    private static ExecutionResult Refuse(string code, string message) => new()
    {
        Errors = [new RequestLimitError(code, message)],
    };

    /// <returns>The number of tokens, counting no further than one past <paramref name="limit"/>.</returns>
    private static int CountTokens(string query, int limit)
    {
        var count = 0;
        var position = 0;
        try
        {
            while (count <= limit)
            {
                var token = Lexer.Lex(query, position);
                if (token.Kind == TokenKind.EOF)
                {
                    break;
                }

                count++;
                position = token.End;
            }
        }
        catch (GraphQLParserException)
        {
            // The parser reports the bad token.
        }

        return count;
    }

    /// <summary>One pass over a document; fragment costs are memoised, so a fan-out is priced without expanding it.</summary>
    private sealed class CostEstimate(ISchema schema, GraphQLServerOptions limits, Inputs? variables)
    {
        /// <summary>Costs saturate here, far above any limit, so a huge fan-out is a large number, not an overflow.</summary>
        public const double Ceiling = 1e12;

        private readonly Dictionary<string, double> _fragmentCosts = new(StringComparer.Ordinal);
        private readonly HashSet<string> _pricing = new(StringComparer.Ordinal);
        private Dictionary<string, GraphQLFragmentDefinition> _fragments = [];
        private Dictionary<string, GraphQLValue> _defaults = [];

        public double Of(GraphQLDocument document, string? operationName)
        {
            _fragments = [];
            foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
            {
                _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
            }

            // The operation that runs: the named one, or the only one; otherwise validation refuses the request anyway.
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = operationName is { Length: > 0 }
                ? operations.FirstOrDefault(o => o.Name?.StringValue == operationName)
                : operations.Count == 1 ? operations[0] : null;
            if (operation is null)
            {
                return operations.Count == 0 ? 0 : operations.Max(Of);
            }

            return Of(operation);
        }

        private double Of(GraphQLOperationDefinition operation)
        {
            // A variable left out takes its declared default, which a caller could set to the largest page.
            _defaults = [];
            foreach (var declared in operation.Variables?.Items ?? [])
            {
                if (declared.DefaultValue is { } value)
                {
                    _defaults[declared.Variable.Name.StringValue] = value;
                }
            }

            return Of(operation.SelectionSet, RootOf(operation));
        }

        private IComplexGraphType? RootOf(GraphQLOperationDefinition operation) => operation.Operation switch
        {
            OperationType.Mutation => schema.Mutation,
            OperationType.Subscription => schema.Subscription,
            _ => schema.Query,
        };

        private double Of(GraphQLSelectionSet? selectionSet, IComplexGraphType? parent)
        {
            if (selectionSet is null)
            {
                return 0;
            }

            double total = 0;
            foreach (var selection in selectionSet.Selections)
            {
                total += selection switch
                {
                    GraphQLField field => Of(field, parent),
                    GraphQLInlineFragment inline => Of(inline.SelectionSet, TypeNamed(inline.TypeCondition?.Type.Name.StringValue) ?? parent),
                    GraphQLFragmentSpread spread => OfFragment(spread.FragmentName.Name.StringValue),
                    _ => 0,
                };
                if (total >= Ceiling)
                {
                    return Ceiling;
                }
            }

            return total;
        }

        private double Of(GraphQLField field, IComplexGraphType? parent)
        {
            var name = field.Name.StringValue;
            var definition = parent?.GetField(name);
            var weight = parent is not null && limits.FieldCosts.TryGetValue($"{parent.Name}.{name}", out var configured) ? configured : 1;
            if (field.SelectionSet is null)
            {
                return weight;
            }

            var child = definition?.ResolvedType?.GetNamedType() as IComplexGraphType;
            return Math.Min(Ceiling, weight + PageSizeOf(field, definition) * Of(field.SelectionSet, child));
        }

        private double OfFragment(string name)
        {
            if (_fragmentCosts.TryGetValue(name, out var known))
            {
                return known;
            }

            // A cycle is priced as nothing here; validation refuses it.
            if (!_fragments.TryGetValue(name, out var fragment) || !_pricing.Add(name))
            {
                return 0;
            }

            var cost = Of(fragment.SelectionSet, TypeNamed(fragment.TypeCondition.Type.Name.StringValue));
            _pricing.Remove(name);
            _fragmentCosts[name] = cost;
            return cost;
        }

        private IComplexGraphType? TypeNamed(string? name) => name is null ? null : schema.AllTypes[name] as IComplexGraphType;

        /// <summary>The page a list field asks for: <c>first</c> or <c>last</c>, else the default page; 1 for other fields.</summary>
        private double PageSizeOf(GraphQLField field, FieldType? definition)
        {
            if (definition?.Arguments?.Find("first") is null && definition?.Arguments?.Find("last") is null)
            {
                return 1;
            }

            var size = PageRequest.DefaultPageSize;
            foreach (var argument in field.Arguments?.Items ?? [])
            {
                if (argument.Name.StringValue is "first" or "last" && ValueOf(argument.Value) is { } requested)
                {
                    size = requested;
                }
            }

            return Math.Clamp(size, 1, PageRequest.MaxPageSize);
        }

        private int? ValueOf(GraphQLValue value) => value switch
        {
            GraphQLIntValue literal when int.TryParse(literal.Value.Span, System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
            GraphQLVariable variable when variables?.TryGetValue(variable.Name.StringValue, out var given) == true => given switch
            {
                int number => number,
                long number => (int)Math.Clamp(number, int.MinValue, int.MaxValue),
                _ => null,
            },
            GraphQLVariable variable when _defaults.TryGetValue(variable.Name.StringValue, out var fallback) => ValueOf(fallback),
            _ => null,
        };
    }
}
