using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeadAssignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AssignmentRuleId",
                table: "Leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstResponseOutcome",
                table: "Leads",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AssignmentRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Industries = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Provinces = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Sources = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ProductCodes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Sizes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssignmentRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssignmentRules_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssignmentRules_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssignmentRules_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LeadHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    LeadId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeadHistory_Leads_LeadId",
                        column: x => x.LeadId,
                        principalTable: "Leads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeadHistory_Members_ActorMemberId",
                        column: x => x.ActorMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeadHistory_Members_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeadHistory_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LeadRoutingSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    DefaultQueueTeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadRoutingSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeadRoutingSettings_Teams_DefaultQueueTeamId",
                        column: x => x.DefaultQueueTeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeadRoutingSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScriptTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ProductCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScriptTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScriptTemplates_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TeamAssignmentCursors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamAssignmentCursors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamAssignmentCursors_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TeamAssignmentCursors_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssignmentRuleTerritories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Province = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssignmentRuleTerritories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssignmentRuleTerritories_AssignmentRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "AssignmentRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AssignmentRuleTerritories_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_AssignmentRuleId",
                table: "Leads",
                column: "AssignmentRuleId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_MemberId",
                table: "AssignmentRules",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_TeamId",
                table: "AssignmentRules",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_TenantId_Position_Id",
                table: "AssignmentRules",
                columns: new[] { "TenantId", "Position", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRuleTerritories_MemberId",
                table: "AssignmentRuleTerritories",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRuleTerritories_RuleId_Province",
                table: "AssignmentRuleTerritories",
                columns: new[] { "RuleId", "Province" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LeadHistory_ActorMemberId",
                table: "LeadHistory",
                column: "ActorMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadHistory_LeadId",
                table: "LeadHistory",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadHistory_OwnerId",
                table: "LeadHistory",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadHistory_TenantId_LeadId_Id",
                table: "LeadHistory",
                columns: new[] { "TenantId", "LeadId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LeadRoutingSettings_DefaultQueueTeamId",
                table: "LeadRoutingSettings",
                column: "DefaultQueueTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadRoutingSettings_TenantId",
                table: "LeadRoutingSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScriptTemplates_TenantId_Industry_ProductCode",
                table: "ScriptTemplates",
                columns: new[] { "TenantId", "Industry", "ProductCode" });

            migrationBuilder.CreateIndex(
                name: "IX_TeamAssignmentCursors_TeamId",
                table: "TeamAssignmentCursors",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamAssignmentCursors_TenantId_TeamId",
                table: "TeamAssignmentCursors",
                columns: new[] { "TenantId", "TeamId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Leads_AssignmentRules_AssignmentRuleId",
                table: "Leads",
                column: "AssignmentRuleId",
                principalTable: "AssignmentRules",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Leads_AssignmentRules_AssignmentRuleId",
                table: "Leads");

            migrationBuilder.DropTable(
                name: "AssignmentRuleTerritories");

            migrationBuilder.DropTable(
                name: "LeadHistory");

            migrationBuilder.DropTable(
                name: "LeadRoutingSettings");

            migrationBuilder.DropTable(
                name: "ScriptTemplates");

            migrationBuilder.DropTable(
                name: "TeamAssignmentCursors");

            migrationBuilder.DropTable(
                name: "AssignmentRules");

            migrationBuilder.DropIndex(
                name: "IX_Leads_AssignmentRuleId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "AssignmentRuleId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "FirstResponseOutcome",
                table: "Leads");
        }
    }
}
