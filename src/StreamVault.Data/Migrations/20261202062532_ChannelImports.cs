using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamVault.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChannelImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChannelImports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VaultId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cursor = table.Column<int>(type: "INTEGER", nullable: false),
                    NewestSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoIndex = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportedPosts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChannelImportId = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<int>(type: "INTEGER", nullable: false),
                    MediaFileId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportedPosts_ChannelImports_ChannelImportId",
                        column: x => x.ChannelImportId,
                        principalTable: "ChannelImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImportedPosts_MediaFiles_MediaFileId",
                        column: x => x.MediaFileId,
                        principalTable: "MediaFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelImports_VaultId_ChannelId",
                table: "ChannelImports",
                columns: new[] { "VaultId", "ChannelId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportedPosts_ChannelImportId_MessageId",
                table: "ImportedPosts",
                columns: new[] { "ChannelImportId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportedPosts_MediaFileId",
                table: "ImportedPosts",
                column: "MediaFileId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportedPosts");

            migrationBuilder.DropTable(
                name: "ChannelImports");
        }
    }
}
