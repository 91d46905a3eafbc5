using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Customers;

public sealed class CustomersMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateAccountPayloadType>>("createAccount")
            .Authorize(Scopes.SalesWrite)
            .Description("Adds a customer company.")
            .Argument<NonNullGraphType<CreateAccountInputType>>("input")
            .ResolveAsync(async ctx => await SaveAccountAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateAccountPayloadType>>("updateAccount")
            .Authorize(Scopes.SalesWrite)
            .Description("Changes a customer company.")
            .Argument<NonNullGraphType<UpdateAccountInputType>>("input")
            .ResolveAsync(async ctx => await SaveAccountAsync(ctx, ctx.GetInput(), isNew: false));

        mutation.Field<NonNullGraphType<ArchiveAccountPayloadType>>("archiveAccount")
            .Authorize(Scopes.SalesWrite)
            .Description("Archives a customer company: kept for history, hidden from default lists, closed for changes.")
            .Argument<NonNullGraphType<ArchiveAccountInputType>>("input")
            .ResolveAsync(async ctx => await ArchiveAccountAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateContactPayloadType>>("createContact")
            .Authorize(Scopes.SalesWrite)
            .Description("Adds a contact to an account.")
            .Argument<NonNullGraphType<CreateContactInputType>>("input")
            .ResolveAsync(async ctx => await SaveContactAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateContactPayloadType>>("updateContact")
            .Authorize(Scopes.SalesWrite)
            .Description("Changes a contact.")
            .Argument<NonNullGraphType<UpdateContactInputType>>("input")
            .ResolveAsync(async ctx => await SaveContactAsync(ctx, ctx.GetInput(), isNew: false));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Account>> SaveAccountAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        Account? account = null;
        if (!isNew)
        {
            var id = input.Id("id", "Account");
            account = id is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ctx.CancellationToken);
            if (account is null)
            {
                return input.NotFoundPayload("id");
            }

            if (account.Archived)
            {
                return MutationPayload.Failure(new InvalidStateError("An archived account cannot be changed."));
            }
        }

        var name = isNew || input.Has("name") ? input.RequiredText("name", 200) : account!.Name;
        var industry = input.Has("industry") ? input.Get<Industry>("industry") : account!.Industry;
        var ownership = input.Has("ownership") ? input.Get<OwnershipType>("ownership") : account!.Ownership;
        var size = input.Has("size") ? input.Get<CompanySize>("size") : account!.Size;
        var subSegment = input.Has("subSegment") ? input.OptionalText("subSegment", 50) : account?.SubSegment;
        var province = input.Has("province") ? input.OptionalText("province", 50) : account?.Province;
        var city = input.Has("city") ? input.OptionalText("city", 50) : account?.City;
        var revenue = input.Has("annualRevenue")
            ? input.Get<Money>("annualRevenue")
            : account?.AnnualRevenueAmount is { } amount ? new Money(amount, account.AnnualRevenueCurrency!) : null;
        if (revenue is not null && (revenue.Amount < 0 || !Money.IsCurrencyCode(revenue.Currency)))
        {
            input.Invalid("annualRevenue", "`annualRevenue` needs a non-negative amount and an ISO 4217 currency code such as CNY.");
        }

        var ownerId = account?.OwnerId;
        if (input.Has("ownerId"))
        {
            ownerId = input.Id("ownerId", "Member");
            if (ownerId is not null && !await db.Members.AnyAsync(m => m.Id == ownerId && m.Active, ctx.CancellationToken))
            {
                input.NotFound("ownerId");
            }
        }

        var customFields = await CustomFieldInputs.CheckAsync(db, CustomFieldEntity.Account, input, isNew, ctx.CancellationToken);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var duplicate = new DuplicateError(input.PathOf("name"), name!, $"An account named '{name}' already exists.");
        if (await db.Accounts.AnyAsync(a => a.Name == name && (account == null || a.Id != account.Id), ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        account ??= db.Accounts.Add(new Account { TenantId = ctx.TenantId(), Name = name!, CreatedAt = Now }).Entity;
        account.Name = name!;
        account.Industry = industry;
        account.SubSegment = subSegment;
        account.Ownership = ownership;
        account.Size = size;
        account.Province = province;
        account.City = city;
        account.AnnualRevenueAmount = revenue?.Amount;
        account.AnnualRevenueCurrency = revenue?.Currency;
        account.OwnerId = ownerId;
        account.UpdatedAt = Now;
        db.Journal(() => new AccountChanged(account.TenantId, account.Id, account.OwnerId, isNew ? AccountChangeKind.Created : AccountChangeKind.Updated, Now));
        // A new account has its key only once saved: its values follow in the same transaction.
        await using var transaction = customFields.Count > 0 ? await db.Database.BeginTransactionAsync(ctx.CancellationToken) : null;
        var payload = await OrganizationMutations.SaveAsync(db, account, duplicate, ctx.CancellationToken);
        if (payload.Errors.Count == 0 && transaction is not null)
        {
            await CustomFieldStore.StageAsync(db, CustomFieldEntity.Account, account.Id, customFields, Now, ctx.CancellationToken);
            await db.SaveChangesAsync(ctx.CancellationToken);
            await transaction.CommitAsync(ctx.CancellationToken);
        }

        return payload;
    }

    private async Task<MutationPayload<Account>> ArchiveAccountAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "Account");
        var account = id is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ctx.CancellationToken);
        if (account is null)
        {
            return input.NotFoundPayload("id");
        }

        if (account.Archived)
        {
            return MutationPayload.Failure(new InvalidStateError("The account is already archived."));
        }

        account.Archive(Now);
        db.Journal(new AccountChanged(account.TenantId, account.Id, account.OwnerId, AccountChangeKind.Archived, Now));
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(account);
    }

    private async Task<MutationPayload<Contact>> SaveContactAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        Contact? contact = null;
        long accountId;
        if (isNew)
        {
            var id = input.Id("accountId", "Account");
            var account = id is null ? null : await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ctx.CancellationToken);
            if (account is null)
            {
                return input.NotFoundPayload("accountId");
            }

            if (account.Archived)
            {
                return MutationPayload.Failure(new InvalidStateError("Contacts cannot be added to an archived account."));
            }

            accountId = account.Id;
        }
        else
        {
            var id = input.Id("id", "Contact");
            contact = id is null ? null : await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
            if (contact is null)
            {
                return input.NotFoundPayload("id");
            }

            accountId = contact.AccountId;
        }

        var name = isNew || input.Has("name") ? input.RequiredText("name", 100) : contact!.Name;
        var title = input.Has("title") ? input.OptionalText("title", 100) : contact?.Title;
        // Only what the input gives is checked: a detail stored before a rule tightened does not block other changes.
        var phone = contact?.Phone;
        if (input.Has("phone"))
        {
            phone = input.OptionalText("phone", ContactDetails.PhoneMaxLength);
            if (phone is not null && ContactDetails.CheckPhone(phone) is { } badPhone)
            {
                input.Invalid("phone", badPhone);
            }
        }

        var email = contact?.Email;
        if (input.Has("email"))
        {
            email = ContactDetails.NormalizeEmail(input.OptionalText("email", ContactDetails.EmailMaxLength));
            if (email is not null && ContactDetails.CheckEmail(email) is { } badEmail)
            {
                input.Invalid("email", badEmail);
            }
        }

        var role = input.Has("decisionRole") ? input.Get<DecisionRole>("decisionRole") : contact!.DecisionRole;
        var reportsToId = contact?.ReportsToId;
        if (input.Has("reportsToId"))
        {
            reportsToId = input.Id("reportsToId", "Contact");
            if (reportsToId is not null && !await db.Contacts.AnyAsync(c => c.Id == reportsToId && c.AccountId == accountId, ctx.CancellationToken))
            {
                input.NotFound("reportsToId");
            }
            else if (reportsToId is not null && contact is not null && await ReportsUpToAsync(db, reportsToId.Value, contact.Id, ctx.CancellationToken))
            {
                input.Invalid("reportsToId", "The decision chain would become a cycle.");
            }
        }

        var customFields = await CustomFieldInputs.CheckAsync(db, CustomFieldEntity.Contact, input, isNew, ctx.CancellationToken);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        contact ??= db.Contacts.Add(new Contact { TenantId = ctx.TenantId(), AccountId = accountId, Name = name!, CreatedAt = Now }).Entity;
        contact.Name = name!;
        contact.Title = title;
        contact.Phone = phone;
        contact.Email = email;
        contact.DecisionRole = role;
        contact.ReportsToId = reportsToId;
        contact.UpdatedAt = Now;
        await using var transaction = customFields.Count > 0 ? await db.Database.BeginTransactionAsync(ctx.CancellationToken) : null;
        await db.SaveChangesAsync(ctx.CancellationToken);
        if (transaction is not null)
        {
            await CustomFieldStore.StageAsync(db, CustomFieldEntity.Contact, contact.Id, customFields, Now, ctx.CancellationToken);
            await db.SaveChangesAsync(ctx.CancellationToken);
            await transaction.CommitAsync(ctx.CancellationToken);
        }

        return MutationPayload.Success(contact);
    }

    /// <summary>True when <paramref name="start"/> is <paramref name="target"/> or reports, through any chain, to it.</summary>
    private static async Task<bool> ReportsUpToAsync(SalesDbContext db, long start, long target, CancellationToken cancellationToken)
    {
        var seen = new HashSet<long>();
        for (long? current = start; current is { } id && seen.Add(id);)
        {
            if (id == target)
            {
                return true;
            }

            current = await db.Contacts.Where(c => c.Id == id).Select(c => c.ReportsToId).FirstOrDefaultAsync(cancellationToken);
        }

        return false;
    }

}
