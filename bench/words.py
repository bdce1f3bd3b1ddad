"""Word lists for the synthetic corpus: real ML words, phrases and author names."""

from __future__ import annotations

# The most frequent words of resources/sample-feed.txt (titles + abstracts), most frequent
# first, frozen here so the generated corpus never changes when the sample feed does.
REAL_WORDS = """
the and of to in we for on that models with is model this by our as data pruning learning
training image from methods tasks performance can are diffusion which method an be these
distillation or have pre-trained neural at propose pre-training generation such knowledge
images datasets generative existing networks has however approach large it downstream
proposed accuracy show while fine-tuning task results feature network more framework into
space using demonstrate their also only process paper imagenet available based experiments
parameters various been not computational its efficient visual first both representations
state-of-the-art further improve new dataset each compression transfer without deep
classification through code features quantization novel segmentation between inference
recent different where significantly information introduce achieves during vision large-
scale significant architecture achieve time but two approaches teacher loss when one input
extensive work across effective over cost semantic than supervised high compared target
address efficiency simple specifically better student layers trained prediction often
representation zero-shot architectures class other including techniques previous latent find
quality use generalization contrastive several how prior problem all yet linear pretraining
editing language weights weight then distribution applications most self-supervised research
under text-to-image guidance learned attention unlabeled generated unsupervised diverse
samples style content parameter few inception multiple them potential object design within
learn finally labeled prompts prompt current layer top improved similar present structured
thus outperforms train technique due resnet sparsity enhance algorithm number furthermore
context sampling scaling even well studies structure up small domain focus regularization
they challenging clip prototypes real-world tuning transformers transformer example explore
issue will effectiveness competitive baseline achieving reconstruction fidelity via
synthetic adaptation texture works any leveraging real reducing same despite pipeline high-
quality costs complexity strategy text superior composition fid textual publicly
capabilities low-rank study few-shot decomposition strong recently adversarial there three
optimization pretrained stage remains processing require need encoder lower augmentation
additionally ability reduce computation pruned graph classes dynamic specific steps used
terms generate decoding single still initialization extremely empirical impact fine-grained
codes denoising step effectively comprehensive benchmark higher practical success directly
provide less empirically like memory analysis particular may baselines finetuning smaller
comparable synthesis given optimal human scene intermediate tokens learnable objects
moreover shown residual outperforming wide enables paradigm natural output unseen coco
detection parallel modeling scenarios allows improves cifar full future cnns promising
sparse strategies reduces improving properties random common improvements noise maintaining
hard examples concept control score inputs generating original evaluation brain problems
local size connections activation scheme called additional corresponding argue before
powerful requiring experimental make removing module domains tackle global much rely instead
crucial machine complex general utilizing generator best settings resulting demonstrated
discrete fields evaluate obtain translation semi-supervised schemes overhead predictive
challenges pixel patches memorization characteristics typically consistency selection peft
token vits hence respectively outperform very recognition challenge question test set ptq
introduces implicit many fine-tuned either maps off-the-shelf result validate those flops
algorithms leads remarkable improvement requires making key dense addition compact sub-
network source pre-train variety achieved shows way separate contrast times quantized
explicit employ point conditional descriptions embeddings sizes perform similarity effect
vectors predformer blocks able issues thereby prototype pairs forgetting end lottery sample
trainable metrics data-free augmentations reveal preprocessing traditional benefit bit mask
extra cases difference label transferring computer rgb retraining capability mechanism range
projection optimized bias specialized theoretically inspired procedure prune ratio critical
observation level since compressing hierarchical benchmarks made paradigms solution
application facilitate limited masked therefore emerged establish unified deployment
reduction faster investigate offering distance scores seamlessly applied stable diffusion-
based concepts limitations designed provides explanations robust uses magnitude encoders
adapter adapters employing supervision distilling demonstrating apply backbone resources
guide expert pretext classifier continuous sota desired gap forecasting classifiers
autoregressive density kind infrared efforts rates advances years good expensive degradation
post-training explicitly perspective because diversity allowing preserving adding mapping
exploit channel discriminative components series what theoretical progressive increasingly
although devices four popular required following storage modern processes efficacy generally
consider understand simultaneously larger efficiently surprisingly consistently conduct
importance ssl imagery patch known core role second dvp enabling humans fully lack
predictions after phase iterative past combined identify increase online outputs especially
subset masking ones task-specific bottleneck decoder hypothesis generates ticket
particularly differences development plasticity release open-set sde score-based randomly
shortcut foreground together predict labels noisy objectives embedding matrices naive
""".split()

# Multi-word terms sampled as one unit, so phrase queries find realistic adjacent pairs.
PHRASES = (
    """
language model|neural network|reinforcement learning|object detection|graph neural network
knowledge distillation|image classification|semantic segmentation|diffusion model
large language model|contrastive learning|self-supervised learning|vision transformer
zero-shot learning|transfer learning|few-shot learning|generative adversarial network
attention mechanism|neural architecture search|federated learning|domain adaptation
point cloud|question answering|machine translation|speech recognition|text-to-image generation
""".replace("\n", "|")
    .strip("|")
    .split("|")
)

FAMILY_NAMES = """
Wang Zhang Li Chen Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Kim Lee
Park Choi Nguyen Tran Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Wilson Anderson Taylor Thomas Moore Jackson Martin Thompson White Harris Clark Lewis Walker
Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts
Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook Rogers
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois Durand
Lefebvre Moreau Laurent Rossi Russo Ferrari Esposito Bianchi Romano Colombo Sato Suzuki
Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Gupta Sharma Singh Kumar Patel
Das Iyer Reddy Rao Mehta Ivanov Smirnov Kuznetsov Popov Novak Kowalski Nowak Jensen Nielsen
Hansen Andersen Larsen Johansson Karlsson Eriksson Silva Santos Oliveira Souza Pereira Costa
O'Brien Vandenberg DeVries Bakker Janssen Visser Cohen Levi Friedman Okafor Mensah Haddad
""".split()

GIVEN_NAMES = """
Wei Jing Yu Hao Xin Yi Lei Jun Ming Tao Yan Min Jie Hui Ying Ji-woo Min-jun Seo-yeon Anh Linh
James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark
Sandra Paul Ashley Steven Emily Andrew Kimberly Kenneth Donna Joshua Michelle Kevin Carol
Lukas Anna Felix Marie Jonas Sophie Léa Hugo Chloé Louis Giulia Marco Francesca Luca Haruto
Yui Sota Hina Aarav Priya Rohan Ananya Vikram Dmitri Olga Sergei Natalia Piotr Zofia Lars Ingrid
Mateus Beatriz João Ana Noor Yasmin Omar Chidi Amara Kwame Ayodele Sven Freya Tomás Lucía
""".split()

CATEGORIES = [
    "cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "eess.IV",
    "cs.NE", "cs.CR", "cs.SD", "eess.AS", "cs.HC", "math.OC", "q-bio.NC",
]  # fmt: skip
