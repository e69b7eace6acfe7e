import { randomInt } from './prng';

const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Grey', 'Navy', 'Olive', 'Amber', 'Teal', 'Ivory', 'Coral'];
const MATERIALS = ['Cotton', 'Steel', 'Oak', 'Ceramic', 'Wool', 'Linen', 'Bamboo', 'Glass', 'Leather', 'Nylon', 'Copper', 'Rubber'];
const NOUNS = ['Shirt', 'Mug', 'Hammer', 'Lamp', 'Towel', 'Kettle', 'Chair', 'Scarf', 'Bottle', 'Bowl', 'Socks', 'Glove', 'Brush', 'Clock', 'Basket',
  'Pillow', 'Blanket', 'Spoon', 'Knife', 'Candle', 'Notebook', 'Pen', 'Cable', 'Charger', 'Battery', 'Bulb', 'Drill', 'Saw', 'Rope', 'Tape',
  'Jacket', 'Boots', 'Hat', 'Belt', 'Wallet', 'Umbrella', 'Tray', 'Vase', 'Frame', 'Mirror'];
export const CATEGORIES = ['Apparel', 'Kitchen', 'Tools', 'Lighting', 'Home', 'Stationery', 'Electrical', 'Garden', 'Bath', 'Outdoor', 'Toys', 'Sports',
  'Storage', 'Decor', 'Footwear', 'Accessories', 'Cleaning', 'Office', 'Pets', 'Auto', 'Hardware', 'Textiles', 'Food', 'Gifts'];
const BRANDS = Array.from({ length: 60 }, (_, i) => `Brand${String(i + 1).padStart(2, '0')}`);
const SIZES = ['S', 'M', 'L', 'XL', '250 ml', '500 ml', '1 l', '10 cm', '20 cm', '30 cm', 'pack of 3', 'pack of 10'];

export interface BenchItem {
  sku: string;
  name: string;
  category: string;
  brand: string;
  barcode: string;
}

/** Words the stock-list search looks for: each matches about one name in forty. */
export const SEARCH_WORDS = NOUNS;

/** A deterministic catalogue: SKU, a searchable name, category, brand and an EAN-13-like barcode. */
export function makeCatalogue(count: number, random: () => number): BenchItem[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const items: BenchItem[] = [];
  for (let i = 0; i < count; i++) {
    const sku = `SKU-${String(i + 1).padStart(6, '0')}`;
    const barcode = `20${String(i + 1).padStart(10, '0')}${randomInt(random, 0, 9)}`;
    items.push({ sku, name: `${pick(COLOURS)} ${pick(MATERIALS)} ${pick(NOUNS)} ${pick(SIZES)}`, category: pick(CATEGORIES), brand: pick(BRANDS), barcode });
  }
  return items;
}
