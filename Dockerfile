# One image for the API, the worker and the migrate-and-seed step.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds/data ./seeds/data
USER node
EXPOSE 3000
# The API's heap settings: package.json config.apiNodeFlags (a unit test keeps the two the same).
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=8", "dist/src/main.js"]
