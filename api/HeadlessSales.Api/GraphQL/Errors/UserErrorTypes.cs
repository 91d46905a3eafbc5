using GraphQL.Types;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.GraphQL.Errors;

public sealed class UserErrorInterface : InterfaceGraphType<UserError>
{
    public UserErrorInterface()
    {
        Name = "UserError";
        Description = "A business failure returned in a mutation payload. Switch on __typename or code.";
        Field(e => e.Message).Description("A human-readable explanation, safe to show to an end user.");
        Field(e => e.Code).Description("A stable machine-readable code.");
    }
}

public abstract class UserErrorType<TError> : ObjectGraphType<TError> where TError : UserError
{
    protected UserErrorType(string name, string description)
    {
        Name = name;
        Description = description;
        Field(e => e.Message);
        Field(e => e.Code);
        Interface<UserErrorInterface>();
    }
}

public sealed class ValidationErrorType : UserErrorType<ValidationError>
{
    public ValidationErrorType() : base("ValidationError", "An input value broke a rule.")
    {
        Field(e => e.Field).Description("Path of the offending input field, e.g. `input.name`.");
    }
}

public sealed class NotFoundErrorType : UserErrorType<NotFoundError>
{
    public NotFoundErrorType() : base("NotFoundError", "A referenced object does not exist or is not visible to the caller.")
    {
        Field(e => e.Field).Description("Path of the input field that held the id.");
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => ctx.Source.Id);
    }
}

public sealed class DuplicateErrorType : UserErrorType<DuplicateError>
{
    public DuplicateErrorType() : base("DuplicateError", "The change would duplicate a value that must be unique.")
    {
        Field(e => e.Field);
        Field(e => e.Value);
    }
}

public sealed class InvalidStateErrorType : UserErrorType<InvalidStateError>
{
    public InvalidStateErrorType() : base("InvalidStateError", "The change is not allowed in the object's current state.")
    {
    }
}

/// <summary>The errors one mutation can return, as a union a client can switch on.</summary>
public abstract class MutationErrorUnion : UnionGraphType
{
    protected MutationErrorUnion(string mutationName, params Type[] errorTypes)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Error";
        Description = $"The errors `{mutationName}` can return.";
        foreach (var errorType in errorTypes)
        {
            Type(errorType);
        }
    }
}
