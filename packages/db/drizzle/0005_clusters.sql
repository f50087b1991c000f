CREATE TABLE "article_story_keys" (
	"key" text NOT NULL,
	"article_id" bigint NOT NULL,
	CONSTRAINT "article_story_keys_key_article_id_pk" PRIMARY KEY("key","article_id")
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clusters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_story_keys" ADD CONSTRAINT "article_story_keys_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_story_keys_article_idx" ON "article_story_keys" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "articles_cluster_idx" ON "articles" USING btree ("cluster_id");