using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>An exception nobody planned for, as the client sees it: no details, a code and a trace id to quote.</summary>
public sealed class InternalServerError(string traceId)
    : ExecutionError($"An unexpected error occurred. Quote trace id {traceId} when reporting it.")
{
    public string TraceId { get; } = traceId;
}

/// <summary>
/// Shapes every error the same way: a message, locations, path and <c>extensions.code</c>, never a stack
/// trace or exception type.
/// </summary>
public sealed class ErrorInfoProvider() : global::GraphQL.Execution.ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeExceptionDetails = false,
    ExposeCode = true,
    ExposeCodes = false,
    ExposeData = false,
    ExposeExtensions = true,
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        extensions.Remove("number");
        extensions.Remove("details");
        if (!extensions.TryGetValue("code", out var code) || code is null or "")
        {
            extensions["code"] = "GRAPHQL_ERROR";
        }

        if (executionError is InternalServerError internalError)
        {
            extensions["code"] = "INTERNAL_SERVER_ERROR";
            extensions["traceId"] = internalError.TraceId;
        }

        return info with { Extensions = extensions };
    }

    /// <summary>The trace id of the current activity, or a fresh one when tracing is off.</summary>
    public static string CurrentTraceId() => Activity.Current?.TraceId.ToString() ?? ActivityTraceId.CreateRandom().ToString();
}
