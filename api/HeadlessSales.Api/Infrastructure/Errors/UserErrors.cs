namespace HeadlessSales.Api.Infrastructure.Errors;

/// <summary>
/// A business failure a client is expected to handle. Mutations return these in their payload's
/// <c>errors</c> list instead of throwing; each concrete type is a GraphQL object implementing <c>UserError</c>.
/// </summary>
public abstract record UserError(string Message, string Code);

/// <summary>An input value broke a rule; <see cref="Field"/> is the input field's path, e.g. <c>input.name</c>.</summary>
public sealed record ValidationError(string Field, string Message) : UserError(Message, "VALIDATION_FAILED");

/// <summary>A referenced object does not exist or is not visible to the caller; both read the same.</summary>
public sealed record NotFoundError(string Field, string Id) : UserError($"No object with id '{Id}' was found.", "NOT_FOUND");

/// <summary>The change would duplicate a value that must be unique.</summary>
public sealed record DuplicateError(string Field, string Value, string Message) : UserError(Message, "DUPLICATE");

/// <summary>The change is not allowed in the object's current state.</summary>
public sealed record InvalidStateError(string Message) : UserError(Message, "INVALID_STATE");
