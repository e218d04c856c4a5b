# One image for the web app, the workers and the scheduler; the command differs per service.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY lakip ./lakip
COPY workers ./workers
RUN pip install --upgrade pip && pip install .
COPY app.py ./
COPY pages ./pages
COPY ui ./ui
COPY .streamlit ./.streamlit
RUN useradd --create-home --uid 1000 lakip && mkdir -p /data && chown lakip /data
USER lakip
ENV LAKIP_DATA_DIR=/data
EXPOSE 8501
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
