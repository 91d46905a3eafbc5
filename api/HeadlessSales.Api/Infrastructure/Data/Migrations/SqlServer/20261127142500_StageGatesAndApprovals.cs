using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StageGatesAndApprovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequiredApprovals",
                table: "PipelineStages",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "RequiredDocumentKinds",
                table: "PipelineStages",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "RequiredFields",
                table: "PipelineStages",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "OverriddenRequirements",
                table: "OpportunityStageEntries",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "ApprovalPolicies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Steps = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalPolicies_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    PolicyId = table.Column<long>(type: "bigint", nullable: false),
                    SubjectType = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubjectId = table.Column<long>(type: "bigint", nullable: false),
                    SubjectOwnerId = table.Column<long>(type: "bigint", nullable: false),
                    RequestedById = table.Column<long>(type: "bigint", nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CurrentStep = table.Column<int>(type: "int", nullable: false),
                    CurrentApproverRole = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    CurrentApproverId = table.Column<long>(type: "bigint", nullable: true),
                    RequestedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_ApprovalPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ApprovalPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Members_CurrentApproverId",
                        column: x => x.CurrentApproverId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Members_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Members_SubjectOwnerId",
                        column: x => x.SubjectOwnerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRequests_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<int>(type: "int", nullable: false),
                    Role = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    DeciderId = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalDecisions_ApprovalRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ApprovalRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalDecisions_Members_DeciderId",
                        column: x => x.DeciderId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalDecisions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_DeciderId",
                table: "ApprovalDecisions",
                column: "DeciderId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_RequestId",
                table: "ApprovalDecisions",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_TenantId_DeciderId",
                table: "ApprovalDecisions",
                columns: new[] { "TenantId", "DeciderId" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_TenantId_RequestId_Step",
                table: "ApprovalDecisions",
                columns: new[] { "TenantId", "RequestId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalPolicies_TenantId_Code",
                table: "ApprovalPolicies",
                columns: new[] { "TenantId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_CurrentApproverId",
                table: "ApprovalRequests",
                column: "CurrentApproverId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_PolicyId",
                table: "ApprovalRequests",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_RequestedById",
                table: "ApprovalRequests",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_SubjectOwnerId",
                table: "ApprovalRequests",
                column: "SubjectOwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_TenantId_CurrentApproverId_Status",
                table: "ApprovalRequests",
                columns: new[] { "TenantId", "CurrentApproverId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_TenantId_RequestedAt_Id",
                table: "ApprovalRequests",
                columns: new[] { "TenantId", "RequestedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_TenantId_SubjectType_SubjectId_PolicyId",
                table: "ApprovalRequests",
                columns: new[] { "TenantId", "SubjectType", "SubjectId", "PolicyId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApprovalDecisions");

            migrationBuilder.DropTable(
                name: "ApprovalRequests");

            migrationBuilder.DropTable(
                name: "ApprovalPolicies");

            migrationBuilder.DropColumn(
                name: "RequiredApprovals",
                table: "PipelineStages");

            migrationBuilder.DropColumn(
                name: "RequiredDocumentKinds",
                table: "PipelineStages");

            migrationBuilder.DropColumn(
                name: "RequiredFields",
                table: "PipelineStages");

            migrationBuilder.DropColumn(
                name: "OverriddenRequirements",
                table: "OpportunityStageEntries");
        }
    }
}
