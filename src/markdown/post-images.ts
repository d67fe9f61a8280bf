import type { Element } from 'hast';
import type { Image } from 'mdast';
import { defaultHandlers, type State } from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import { imageDepPrefix, imageExtension, imageOutcome, localPath, planImage, type ImagePlan, type SiteImages } from './image-plan.js';

interface Placed {
  plan: ImagePlan;
  sizes: string;
  /** The first image of a post loads at once: it is likely what the reader sees first. */
  eager: boolean;
}

/**
 * Places a post's images: each local one gets its size and resized copies (kept on the node for
 * `imageHandler`), its outcome recorded in `deps`; a local image with no file behind it is an
 * error at its line. Returns a function to call on each image node in document order.
 */
export function postImages(images: SiteImages, file: VFile, deps: Map<string, string>): (node: Image) => void {
  let seen = 0;
  return (node) => {
    seen++;
    const path = localPath(node.url);
    if (path === undefined) return;
    const source = images.fileOf(path);
    const facts = source ? images.factsOf(source) : undefined;
    deps.set(imageDepPrefix + node.url, imageOutcome(node.url, images));
    if (!source) {
      if (imageExtension.test(path)) {
        const message = file.message(`The image "${node.url}" is not a file of the site: no file of the post's folder or of the static folder is there.`,
          { place: node.position, source: 'quire', ruleId: 'MissingImage' });
        message.fatal = true;
      }
      return;
    }
    // A file whose size cannot be read (an SVG without width and height, say) is shown as written.
    if (!facts) return;
    const placed: Placed = { plan: planImage(path, facts, images.settings), sizes: images.settings.sizes, eager: seen === 1 };
    (node.data ??= {} as NonNullable<Image['data']>);
    (node.data as { quireImage?: Placed }).quireImage = placed;
  };
}

/**
 * An mdast-util-to-hast handler for images: a placed image becomes `<img>` with its size,
 * lazy loading (all but the first) and async decoding, inside `<picture>` with a `<source>` per
 * offered format when it has resized copies. Others are the default `<img>`.
 */
export function imageHandler(state: State, node: Image): Element {
  const img = defaultHandlers.image(state, node);
  const placed = (node.data as { quireImage?: Placed } | undefined)?.quireImage;
  if (!placed) return img;
  const { plan, sizes, eager } = placed;
  img.properties.src = plan.src;
  img.properties.width = plan.width;
  img.properties.height = plan.height;
  if (!eager) img.properties.loading = 'lazy';
  img.properties.decoding = 'async';
  if (plan.sources.length === 0) return img;
  const sources: Element[] = plan.sources.map((s) => ({ type: 'element', tagName: 'source', properties: { type: s.type, srcSet: s.srcset, sizes }, children: [] }));
  const picture: Element = { type: 'element', tagName: 'picture', properties: {}, children: [...sources, img] };
  state.patch(node, picture);
  return picture;
}
