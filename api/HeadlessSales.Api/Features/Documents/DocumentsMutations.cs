using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Documents;

public sealed partial class DocumentsMutations(TimeProvider clock, IDocumentStorage storage, IOptions<DocumentOptions> options) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UploadDocumentPayloadType>>("uploadDocument")
            .Authorize(Scopes.SalesWrite)
            .Description("Attaches a file to a lead, account or opportunity the caller may see. Send it as a multipart request (GraphQL multipart request spec) "
                + "with the `GraphQL-Require-Preflight` header. Size limits are enforced while the file arrives (413); the type is checked against the content.")
            .Argument<NonNullGraphType<UploadDocumentInputType>>("input")
            .ResolveAsync(async ctx => await UploadAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateDocumentKindPayloadType>>("createDocumentKind")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a kind of document to the tenant's catalog.")
            .Argument<NonNullGraphType<CreateDocumentKindInputType>>("input")
            .ResolveAsync(async ctx => await CreateKindAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateDocumentKindPayloadType>>("updateDocumentKind")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Renames, describes, retires or reactivates a kind of document. The code never changes.")
            .Argument<NonNullGraphType<UpdateDocumentKindInputType>>("input")
            .ResolveAsync(async ctx => await UpdateKindAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Document>> UploadAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var subject = DocumentSubject.TryDecode(input.Get<string>("subjectId"));
        if (subject is null)
        {
            input.NotFound("subjectId");
        }

        var kindCode = input.RequiredText("kindCode", 50)?.ToUpperInvariant();
        var kind = kindCode is null ? null : await db.DocumentKinds.AsNoTracking().FirstOrDefaultAsync(k => k.Code == kindCode, ct);
        if (kindCode is not null && kind is null)
        {
            input.Errors.Add(new UnknownCodeError(input.PathOf("kindCode"), kindCode));
        }
        else if (kind is { Active: false })
        {
            input.Errors.Add(new InvalidStateError($"The document kind {kind.Code} is retired and takes no new documents."));
        }

        var note = input.OptionalText("note", 500);
        var signedOn = input.Get<DateOnly?>("customerSignedOn");
        if (signedOn > DateOnly.FromDateTime(Now))
        {
            input.Invalid("customerSignedOn", "`customerSignedOn` cannot be in the future.");
        }

        var file = input.Get<UploadedFile>("file");
        if (file is null)
        {
            input.Invalid("file", "`file` must be a file part of a multipart request.");
        }
        else if (CheckType(input, file) is { } refused)
        {
            input.Errors.Add(refused);
        }

        // Another tenant's record, or one outside the caller's view, is not there: the query filters say so.
        if (subject is { } s && !await SubjectExistsAsync(db, s, ct))
        {
            input.NotFound("subjectId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var tenantId = ctx.TenantId();
        var key = LocalDocumentStorage.KeyOf(tenantId, file!.Sha256);
        await using (var content = file.OpenRead())
        {
            await storage.SaveAsync(key, content, ct);
        }

        var actor = ctx.Actor();
        var document = new Document
        {
            TenantId = tenantId,
            KindId = kind!.Id,
            LeadId = subject!.Value.TypeName == DocumentSubject.Lead ? subject.Value.Key : null,
            AccountId = subject.Value.TypeName == DocumentSubject.Account ? subject.Value.Key : null,
            OpportunityId = subject.Value.TypeName == DocumentSubject.Opportunity ? subject.Value.Key : null,
            FileName = file.FileName.Length <= 255 ? file.FileName : file.FileName[^255..],
            ContentType = FileSignatures.Normalize(file.DeclaredContentType)!,
            SizeBytes = file.Length,
            Sha256 = file.Sha256,
            StorageKey = key,
            Note = note,
            CustomerSignedOn = signedOn,
            UploadedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            UploadedBy = actor.Describe(),
            CreatedAt = Now,
        };
        db.Documents.Add(document);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(document);
    }

    private UnsupportedFileTypeError? CheckType(InputFields input, UploadedFile file)
    {
        var allowed = options.Value.AllowedTypes;
        var declared = FileSignatures.Normalize(file.DeclaredContentType);
        if (declared is not null && allowed.Contains(declared) && FileSignatures.Matches(declared, file.Head.Span))
        {
            return null;
        }

        return new UnsupportedFileTypeError(input.PathOf("file"), declared, FileSignatures.Detect(file.Head.Span), [.. allowed.Order(StringComparer.Ordinal)]);
    }

    private static Task<bool> SubjectExistsAsync(SalesDbContext db, DocumentSubject subject, CancellationToken ct) => subject.TypeName switch
    {
        DocumentSubject.Lead => db.Leads.AnyAsync(l => l.Id == subject.Key, ct),
        DocumentSubject.Account => db.Accounts.AnyAsync(a => a.Id == subject.Key, ct),
        DocumentSubject.Opportunity => db.Opportunities.AnyAsync(o => o.Id == subject.Key, ct),
        _ => Task.FromResult(false),
    };

    private async Task<MutationPayload<DocumentKind>> CreateKindAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var code = input.RequiredText("code", 50);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            input.Invalid("code", "`code` must be upper-case letters, digits and underscores, starting with a letter, e.g. SITE_SURVEY.");
        }

        var name = input.RequiredText("name", 100);
        var englishName = input.OptionalText("englishName", 100);
        var description = input.OptionalText("description", 500);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (await db.DocumentKinds.AnyAsync(k => k.Code == code, ctx.CancellationToken))
        {
            return MutationPayload.Failure(DuplicateOf(input, code!));
        }

        var now = Now;
        var kind = new DocumentKind
        {
            TenantId = ctx.TenantId(),
            Code = code!,
            Name = name!,
            EnglishName = englishName,
            Description = description,
            RequiresCustomerSignature = input.Get<bool?>("requiresCustomerSignature") ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.DocumentKinds.Add(kind);
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(DuplicateOf(input, code!));
        }

        return MutationPayload.Success(kind);
    }

    private static DuplicateError DuplicateOf(InputFields input, string code) =>
        new(input.PathOf("code"), code, $"A document kind with the code {code} already exists.");

    private async Task<MutationPayload<DocumentKind>> UpdateKindAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "DocumentKind");
        var kind = id is null ? null : await db.DocumentKinds.FirstOrDefaultAsync(k => k.Id == id, ctx.CancellationToken);
        if (kind is null)
        {
            return input.NotFoundPayload("id");
        }

        if (input.Has("name") && input.RequiredText("name", 100) is { } name)
        {
            kind.Name = name;
        }

        if (input.Has("englishName"))
        {
            kind.EnglishName = input.OptionalText("englishName", 100);
        }

        if (input.Has("description"))
        {
            kind.Description = input.OptionalText("description", 500);
        }

        if (input.Get<bool?>("requiresCustomerSignature") is { } requiresSignature)
        {
            kind.RequiresCustomerSignature = requiresSignature;
        }

        if (input.Get<bool?>("active") is { } active)
        {
            kind.Active = active;
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        kind.UpdatedAt = Now;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(kind);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,49}$")]
    private static partial Regex CodePattern();
}
