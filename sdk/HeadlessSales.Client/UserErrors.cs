namespace HeadlessSales.Client;

/// <summary>
/// A business failure returned as data in a mutation payload (the schema's <c>UserError</c> interface).
/// Generated error records implement it when their selection includes <c>message</c> and <c>code</c>.
/// </summary>
public interface IUserError
{
    string Message { get; }

    string Code { get; }
}

/// <summary>A mutation payload whose <c>errors</c> list holds <see cref="IUserError"/>s.</summary>
public interface IUserErrorPayload
{
    IReadOnlyList<IUserError> Errors { get; }
}

/// <summary>Reading the typed errors of mutation payloads.</summary>
public static class UserErrorExtensions
{
    /// <summary>
    /// Returns the payload chosen by <paramref name="selectPayload"/>, throwing <see cref="GraphQLOperationException"/>
    /// for GraphQL errors and <see cref="UserErrorException"/> when the payload reports user errors.
    /// </summary>
    public static TPayload EnsurePayload<TData, TPayload>(this OperationResult<TData> result, Func<TData, TPayload?> selectPayload)
        where TPayload : class, IUserErrorPayload
    {
        var payload = selectPayload(result.EnsureSuccess())
            ?? throw new GraphQLOperationException(result.Errors, result.StatusCode);
        return payload.Errors.Count == 0 ? payload : throw new UserErrorException(payload.Errors);
    }

    /// <summary>The user errors of one concrete kind, e.g. <c>payload.ErrorsOf&lt;CreateLead_CreateLead_Errors_ValidationError&gt;()</c>.</summary>
    public static IEnumerable<TError> ErrorsOf<TError>(this IUserErrorPayload payload)
        where TError : IUserError => payload.Errors.OfType<TError>();
}

/// <summary>A mutation ran but its payload reported business errors.</summary>
public sealed class UserErrorException(IReadOnlyList<IUserError> errors)
    : Exception("The mutation reported user errors: " + string.Join("; ", errors.Select(e => "[" + e.Code + "] " + e.Message)))
{
    public IReadOnlyList<IUserError> Errors { get; } = errors;
}
