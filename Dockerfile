# Image for docker-compose.yml. Local development and tests use ./pipeline instead.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Pipeline.Host/Pipeline.Host.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out .
# The service's own files go to a folder it owns; the program itself stays read-only to it.
RUN mkdir -p /var/lib/pipeline && chown "$APP_UID" /var/lib/pipeline
ENV PIPELINE_DATA_DIR=/var/lib/pipeline
# Not root: a flaw in a PDF or OCR library then gets an unprivileged user (the base image's "app", uid $APP_UID).
USER $APP_UID
ENTRYPOINT ["dotnet", "pipeline.dll"]
