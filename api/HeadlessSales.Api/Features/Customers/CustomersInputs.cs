using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Customers;

public sealed class CreateAccountInputType : InputObjectGraphType
{
    public CreateAccountInputType()
    {
        Name = "CreateAccountInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Unique within the tenant.");
        Field<NonNullGraphType<IndustryType>>("industry");
        Field<StringGraphType>("subSegment");
        Field<NonNullGraphType<OwnershipTypeType>>("ownership");
        Field<NonNullGraphType<CompanySizeType>>("size");
        Field<StringGraphType>("province");
        Field<StringGraphType>("city");
        Field<MoneyInputType>("annualRevenue");
        Field<IdGraphType>("ownerId");
        this.AddCustomFieldValues();
    }
}

public sealed class UpdateAccountInputType : InputObjectGraphType
{
    public UpdateAccountInputType()
    {
        Name = "UpdateAccountInput";
        Description = "Fields left out stay unchanged; an explicit null clears an optional field.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<IndustryType>("industry");
        Field<StringGraphType>("subSegment");
        Field<OwnershipTypeType>("ownership");
        Field<CompanySizeType>("size");
        Field<StringGraphType>("province");
        Field<StringGraphType>("city");
        Field<MoneyInputType>("annualRevenue");
        Field<IdGraphType>("ownerId");
        this.AddCustomFieldValues();
    }
}

public sealed class ArchiveAccountInputType : InputObjectGraphType
{
    public ArchiveAccountInputType()
    {
        Name = "ArchiveAccountInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class CreateContactInputType : InputObjectGraphType
{
    public CreateContactInputType()
    {
        Name = "CreateContactInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("title");
        Field<StringGraphType>("phone");
        Field<StringGraphType>("email");
        Field<NonNullGraphType<DecisionRoleType>>("decisionRole");
        Field<IdGraphType>("reportsToId").Description("A contact of the same account.");
        this.AddCustomFieldValues();
    }
}

public sealed class UpdateContactInputType : InputObjectGraphType
{
    public UpdateContactInputType()
    {
        Name = "UpdateContactInput";
        Description = "Fields left out stay unchanged; an explicit null clears an optional field.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("title");
        Field<StringGraphType>("phone");
        Field<StringGraphType>("email");
        Field<DecisionRoleType>("decisionRole");
        Field<IdGraphType>("reportsToId");
        this.AddCustomFieldValues();
    }
}

public sealed class CreateAccountErrorType() : MutationErrorUnion("createAccount", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType), typeof(CustomFieldErrorType));

public sealed class UpdateAccountErrorType() : MutationErrorUnion("updateAccount", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(CustomFieldErrorType));

public sealed class ArchiveAccountErrorType() : MutationErrorUnion("archiveAccount", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreateContactErrorType() : MutationErrorUnion("createContact", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(CustomFieldErrorType));

public sealed class UpdateContactErrorType() : MutationErrorUnion("updateContact", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(CustomFieldErrorType));

public sealed class CreateAccountPayloadType() : PayloadType<AccountType, Account, CreateAccountErrorType>("createAccount", "account");

public sealed class UpdateAccountPayloadType() : PayloadType<AccountType, Account, UpdateAccountErrorType>("updateAccount", "account");

public sealed class ArchiveAccountPayloadType() : PayloadType<AccountType, Account, ArchiveAccountErrorType>("archiveAccount", "account");

public sealed class CreateContactPayloadType() : PayloadType<ContactType, Contact, CreateContactErrorType>("createContact", "contact");

public sealed class UpdateContactPayloadType() : PayloadType<ContactType, Contact, UpdateContactErrorType>("updateContact", "contact");
