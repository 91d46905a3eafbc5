using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Auditing;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>Runs one GraphQL request for any transport, with the server's limits and error policy applied.</summary>
public sealed class GraphQLRequestExecutor(
    IDocumentExecuter<HeadlessSalesSchema> executer,
    ILogger<GraphQLRequestExecutor> logger)
{
    public static readonly ActivitySource ActivitySource = new("HeadlessSales.GraphQL");

    // Rules that depend on the request run on cached documents too; the schema-only core rules do not need to.
    private static readonly IValidationRule[] PostRequestRules = [.. DocumentValidator.CoreRules, AuthorizationRule.Instance];
    private static readonly IValidationRule[] CachedPostRequestRules = [AuthorizationRule.Instance];
    private static readonly IValidationRule[] GetRequestRules = [.. DocumentValidator.CoreRules, QueryOnlyOverGetRule.Instance, AuthorizationRule.Instance];
    private static readonly IValidationRule[] CachedGetRequestRules = [QueryOnlyOverGetRule.Instance, AuthorizationRule.Instance];

    /// <param name="queryOnly">True for HTTP GET, which may not run mutations or subscriptions.</param>
    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request,
        IServiceProvider requestServices,
        ClaimsPrincipal user,
        bool queryOnly,
        CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("graphql.execute");
        activity?.SetTag("graphql.operation.name", request.OperationName);

        var options = new ExecutionOptions
        {
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = requestServices,
            User = user,
            CancellationToken = cancellationToken,
            UnhandledExceptionDelegate = context =>
            {
                // RequestCostGate parses within tighter bounds first; should GraphQL.NET's own parser still meet a nesting
                // bound, it lets it escape as an unexpected exception: it is the same bad document, answered the same way.
                if (context.OriginalException is GraphQLParser.Exceptions.GraphQLMaxDepthExceededException tooDeep)
                {
                    context.Exception = new RequestLimitError(RequestLimitError.ParserLimit,
                        $"The document is nested too deeply to be parsed (at line {tooDeep.Location.Line}, column {tooDeep.Location.Column}).");
                    return Task.CompletedTask;
                }

                var traceId = ErrorInfoProvider.CurrentTraceId();
                logger.LogError(context.OriginalException, "Unhandled exception in GraphQL field {Path} (trace id {TraceId})",
                    context.FieldContext?.Path is { } path ? string.Join('.', path) : "(request)", traceId);
                context.Exception = new InternalServerError(traceId);
                return Task.CompletedTask;
            },
        };

        options.ValidationRules = queryOnly ? GetRequestRules : PostRequestRules;
        options.CachedDocumentValidationRules = queryOnly ? CachedGetRequestRules : CachedPostRequestRules;

        var result = await executer.ExecuteAsync(options).ConfigureAwait(false);
        if (!result.Executed && result.Errors?.Any(e => e is AuthorizationError) == true)
        {
            await requestServices.GetRequiredService<AuditWriter>()
                .WriteRefusedAsync(requestServices.GetRequiredService<CurrentActor>().Actor, result, options.Query, request.OperationName).ConfigureAwait(false);
        }

        activity?.SetTag("graphql.operation.type", result.Operation?.Operation.ToString().ToLowerInvariant());
        if (result.Errors is { Count: > 0 })
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        return result;
    }
}
