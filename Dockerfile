# The app as a container: one Streamlit server on port 8501, content baked in and read-only.
# Build: docker build -t all-journey-explorer .      Run: docker run --rm -p 8501:8501 all-journey-explorer
# See docs/deploy.md for replicas, a reverse proxy and Kubernetes.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH="/opt/venv/bin:$PATH" \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# graphviz: `dot` draws the in-page map and the SVG/PNG downloads; DejaVu: wide Unicode coverage.
RUN apt-get update \
    && apt-get install -y --no-install-recommends graphviz fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so editing content or code does not reinstall them.
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The files stay owned by root: the app user can read the code and content pack, not change them.
# USER is numeric so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
RUN useradd --create-home --uid 10001 --user-group app
WORKDIR /app
COPY . /app
USER 10001:10001

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# 0.0.0.0 inside the container only, so the published port reaches it; the operator picks that port.
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
