DROP INDEX "articles_published_idx";--> statement-breakpoint
CREATE INDEX "articles_ingested_idx" ON "articles" USING btree ("ingested_at");--> statement-breakpoint
CREATE INDEX "articles_unpruned_idx" ON "articles" USING btree ("ingested_at") WHERE "articles"."text" is not null or "articles"."lead" is not null or "articles"."summary" is not null;--> statement-breakpoint
CREATE INDEX "articles_published_idx" ON "articles" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);