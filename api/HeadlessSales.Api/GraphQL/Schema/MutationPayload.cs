using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>What every mutation returns: the changed object when it succeeded, the business errors when it did not.</summary>
public sealed record MutationPayload(object? Value, IReadOnlyList<UserError> Errors)
{
    public static MutationPayload Success(object value) => new(value, []);

    public static MutationPayload Failure(IReadOnlyList<UserError> errors) => new(null, errors);

    public static MutationPayload Failure(UserError error) => new(null, [error]);
}

/// <summary><c>VerbNounPayload { noun: Noun, errors: [VerbNounError!]! }</c>.</summary>
public abstract class PayloadType<TObjectType, TErrorUnion> : ObjectGraphType<MutationPayload>
    where TObjectType : IGraphType
    where TErrorUnion : MutationErrorUnion
{
    protected PayloadType(string mutationName, string objectField)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        Field<TObjectType>(objectField)
            .Description("The changed object; null when the mutation failed.")
            .Resolve(ctx => ctx.Source.Value);
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
