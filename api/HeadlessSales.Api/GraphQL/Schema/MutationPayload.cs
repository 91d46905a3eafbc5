using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Auditing;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>What every mutation returns: the changed <typeparamref name="T"/> when it succeeded, the business errors when it did not.</summary>
public sealed record MutationPayload<T>(T? Value, IReadOnlyList<UserError> Errors) : IMutationOutcome
    where T : class
{
    IEnumerable<string> IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? IMutationOutcome.Changed => Value;

    /// <summary>A failure fits every payload: a method returning <c>MutationPayload&lt;Lead&gt;</c> may return <c>MutationPayload.Failure(…)</c>.</summary>
    public static implicit operator MutationPayload<T>(MutationFailure failure) => new(null, failure.Errors);
}

/// <summary>The errors of a failed mutation, before they take the type of the payload they are returned as.</summary>
public sealed record MutationFailure(IReadOnlyList<UserError> Errors);

public static class MutationPayload
{
    public static MutationPayload<T> Success<T>(T value) where T : class => new(value, []);

    public static MutationFailure Failure(IReadOnlyList<UserError> errors) => new(errors);

    public static MutationFailure Failure(UserError error) => new([error]);
}

/// <summary><c>VerbNounPayload { noun: Noun, errors: [VerbNounError!]! }</c>, over the mutation's <see cref="MutationPayload{T}"/>.</summary>
public abstract class PayloadType<TObjectType, T, TErrorUnion> : ObjectGraphType<MutationPayload<T>>
    where TObjectType : ComplexGraphType<T>
    where T : class
    where TErrorUnion : MutationErrorUnion
{
    protected PayloadType(string mutationName, string objectField)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        // Read back through the type's node loader when it has one, so that a payload shows the changed object exactly as
        // node(id:) would: not at all when it is outside the caller's view (an idempotent replay of another's lead).
        Field<TObjectType>(objectField)
            .Description("The changed object; null when the mutation failed.")
            .Resolve(ctx => ctx.Source.Value is IEntity changed && ctx.RequestServices?.GetService<INodeLoader<T>>() is { } loader
                ? loader.LoadAsync(ctx.RequestServices, changed.Id)
                : ctx.Source.Value);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TErrorUnion>>>>("errors")
            .Description("Why the mutation failed; empty on success.")
            .Resolve(ctx => ctx.Source.Errors);
    }
}

public static class MutationInput
{
    /// <summary>The single <c>input</c> argument of a mutation, as a presence-aware map.</summary>
    public static InputFields GetInput(this IResolveFieldContext context) =>
        new(context.GetArgument<Dictionary<string, object?>>("input") ?? [], "input");
}
