CREATE TABLE "article_lsh_bands" (
	"band" smallint NOT NULL,
	"key" integer NOT NULL,
	"article_id" bigint NOT NULL,
	CONSTRAINT "article_lsh_bands_band_key_article_id_pk" PRIMARY KEY("band","key","article_id")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "minhash" integer[];--> statement-breakpoint
ALTER TABLE "article_lsh_bands" ADD CONSTRAINT "article_lsh_bands_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_lsh_bands_article_idx" ON "article_lsh_bands" USING btree ("article_id");