using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SigningRhythmAndSlicing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DecisionSignalDefinitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SourceCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Weight = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionSignalDefinitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionSignalDefinitions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RhythmBonusAwards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    ContractId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    AwardedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RhythmBonusAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RhythmBonusAwards_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RhythmBonusAwards_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RhythmBonusAwards_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RhythmSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    ToSignListWeekday = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ToSignListHour = table.Column<int>(type: "integer", nullable: false),
                    BonusRate = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    BonusFromDay = table.Column<int>(type: "integer", nullable: false),
                    BonusToDay = table.Column<int>(type: "integer", nullable: false),
                    SpikeShare = table.Column<double>(type: "double precision", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RhythmSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RhythmSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SavedSlices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DefinitionJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    CreatedById = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedSlices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedSlices_Members_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SavedSlices_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SigningReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: false),
                    SignalCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SignalName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SigningReminders_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SigningReminders_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SigningReminders_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ToSignListEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    WeekOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: false),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: false),
                    Maturity = table.Column<int>(type: "integer", nullable: false),
                    ExplanationJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WindowFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    WindowTo = table.Column<DateOnly>(type: "date", nullable: false),
                    WindowReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ToSignListEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ToSignListEntries_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ToSignListEntries_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ToSignListEntries_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DecisionSignals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerId = table.Column<long>(type: "bigint", nullable: false),
                    DefinitionId = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionSignals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionSignals_DecisionSignalDefinitions_DefinitionId",
                        column: x => x.DefinitionId,
                        principalTable: "DecisionSignalDefinitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DecisionSignals_Members_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DecisionSignals_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DecisionSignals_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignalDefinitions_TenantId_Code",
                table: "DecisionSignalDefinitions",
                columns: new[] { "TenantId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignals_DefinitionId",
                table: "DecisionSignals",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignals_OpportunityId",
                table: "DecisionSignals",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignals_OwnerId",
                table: "DecisionSignals",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignals_TenantId_OpportunityId_DefinitionId",
                table: "DecisionSignals",
                columns: new[] { "TenantId", "OpportunityId", "DefinitionId" });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSignals_TenantId_OwnerId_OccurredAt",
                table: "DecisionSignals",
                columns: new[] { "TenantId", "OwnerId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RhythmBonusAwards_ContractId",
                table: "RhythmBonusAwards",
                column: "ContractId");

            migrationBuilder.CreateIndex(
                name: "IX_RhythmBonusAwards_MemberId",
                table: "RhythmBonusAwards",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_RhythmBonusAwards_TenantId_ContractId",
                table: "RhythmBonusAwards",
                columns: new[] { "TenantId", "ContractId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RhythmSettings_TenantId",
                table: "RhythmSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SavedSlices_CreatedById",
                table: "SavedSlices",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_SavedSlices_TenantId_Name",
                table: "SavedSlices",
                columns: new[] { "TenantId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SigningReminders_MemberId",
                table: "SigningReminders",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_SigningReminders_OpportunityId",
                table: "SigningReminders",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_SigningReminders_TenantId_MemberId_Id",
                table: "SigningReminders",
                columns: new[] { "TenantId", "MemberId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ToSignListEntries_MemberId",
                table: "ToSignListEntries",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ToSignListEntries_OpportunityId",
                table: "ToSignListEntries",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_ToSignListEntries_TenantId_MemberId_WeekOf_Rank",
                table: "ToSignListEntries",
                columns: new[] { "TenantId", "MemberId", "WeekOf", "Rank" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DecisionSignals");

            migrationBuilder.DropTable(
                name: "RhythmBonusAwards");

            migrationBuilder.DropTable(
                name: "RhythmSettings");

            migrationBuilder.DropTable(
                name: "SavedSlices");

            migrationBuilder.DropTable(
                name: "SigningReminders");

            migrationBuilder.DropTable(
                name: "ToSignListEntries");

            migrationBuilder.DropTable(
                name: "DecisionSignalDefinitions");
        }
    }
}
