namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>Every persisted aggregate has a database-generated key; global ids and cursors are built on it.</summary>
public interface IEntity
{
    long Id { get; }
}

/// <summary>A row that belongs to one tenant. The data layer filters these by the current tenant.</summary>
public interface ITenantOwned : IEntity
{
    long TenantId { get; }
}
